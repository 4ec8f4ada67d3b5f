package io.github.wsem.testapp;

import io.github.wsem.test.ApplicationWithoutSecurity;

/**
 * The application the integration tests start on a random port: wsem with its defaults,
 * the handlers of {@link TestListeners} and the recorder of {@link ConnectionEvents}.
 */
@ApplicationWithoutSecurity
public class TestApplication {

}
