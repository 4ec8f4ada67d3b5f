package io.github.wsem.sample.todo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A shared to-do list: every browser that opens the page sees every change as it happens.
 * Run it and open http://localhost:8080 in two tabs.
 */
@SpringBootApplication
public class TodoApplication {

	public static void main(String[] args) {
		SpringApplication.run(TodoApplication.class, args);
	}

}
