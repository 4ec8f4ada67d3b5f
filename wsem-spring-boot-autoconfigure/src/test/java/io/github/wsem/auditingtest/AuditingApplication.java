package io.github.wsem.auditingtest;

import io.github.wsem.core.ClientHub;
import io.github.wsem.test.ApplicationWithoutSecurity;

import org.springframework.context.annotation.Bean;

/**
 * An application that wraps wsem's event manager in an {@link AuditingEventManager}.
 */
@ApplicationWithoutSecurity
public class AuditingApplication {

	@Bean
	AuditingEventManager auditingEventManager(ClientHub hub) {
		return new AuditingEventManager(hub.eventManager());
	}

}
