package io.github.wsem.sample.todo;

import java.security.Principal;

import io.github.wsem.core.Client;
import io.github.wsem.core.WsemAuthorizer;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security for the sample: the list stays open to everyone, while the audit page
 * and the {@code audit} room are for admins (the user of {@code spring.security.user.*}
 * in {@code application.yml}), who log in with the login form or HTTP Basic.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/audit.html").hasRole("ADMIN").anyRequest().permitAll())
			.formLogin(Customizer.withDefaults())
			.httpBasic(Customizer.withDefaults())
			// SSE clients emit with their stream's token in a header, never with a cookie
			// alone
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/wsem/emit"))
			.build();
	}

	/**
	 * Lets only admins register for the {@code audit} room; everything else is open.
	 * @return the authorizer
	 */
	@Bean
	WsemAuthorizer auditForAdmins() {
		return new WsemAuthorizer() {

			@Override
			public boolean register(Client client, String room) {
				return !AuditEntry.ROOM.equals(room) || isAdmin(client.principal());
			}

		};
	}

	private static boolean isAdmin(@Nullable Principal principal) {
		return principal instanceof Authentication authentication && authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> "ROLE_ADMIN".equals(authority.getAuthority()));
	}

}
