package io.github.wsem.idletest;

import io.github.wsem.test.ApplicationWithoutSecurity;

import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * An application whose WebSocket sessions are closed after one idle second.
 */
@ApplicationWithoutSecurity
public class IdleTimeoutApplication {

	@Bean
	ServletServerContainerFactoryBean webSocketContainer() {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		container.setMaxSessionIdleTimeout(1000L);
		return container;
	}

}
