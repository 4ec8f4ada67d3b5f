package io.github.wsem.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application the integration tests start on a random port: wsem with its
 * defaults, the handlers of {@link TestListeners} and the recorder of
 * {@link ConnectionEvents}.
 */
@SpringBootApplication
public class TestApplication {

}
