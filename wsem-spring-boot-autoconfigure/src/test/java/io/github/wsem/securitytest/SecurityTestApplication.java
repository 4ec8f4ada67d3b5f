package io.github.wsem.securitytest;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wsem.core.Client;
import io.github.wsem.core.Handshake;
import io.github.wsem.core.WsemAuthorizer;
import io.github.wsem.core.WsemListener;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Component;

/**
 * An application secured by Spring Security with HTTP Basic and two in-memory users,
 * {@code alice} (role USER) and {@code admin} (role ADMIN), and a {@link RoleAuthorizer}.
 * The other test applications leave Spring Security out.
 */
@SpringBootApplication
public class SecurityTestApplication {

	/** The room only admins may register for. */
	public static final String ADMIN_ROOM = "admin";

	/** The event only admins may emit. */
	public static final String SHUTDOWN_EVENT = "shutdown";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.httpBasic(Customizer.withDefaults())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/wsem/emit"))
			.build();
	}

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}alice-password").roles("USER").build(),
				User.withUsername("admin").password("{noop}admin-password").roles("ADMIN").build());
	}

	/**
	 * Return the {@code Authorization} header of HTTP Basic for a user of this
	 * application, whose password is its name followed by {@code -password}.
	 * @param user the user name
	 * @return the header value
	 */
	public static String basic(String user) {
		String credentials = user + ":" + user + "-password";
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Lets only authenticated users connect, only admins register for {@link #ADMIN_ROOM}
	 * and emit {@link #SHUTDOWN_EVENT}, and only admins send direct messages to
	 * {@code admin}; records the principals it sees.
	 */
	@Component
	public static class RoleAuthorizer implements WsemAuthorizer {

		public final List<String> connected = new CopyOnWriteArrayList<>();

		@Override
		public boolean connect(Handshake handshake) {
			if (handshake.principal() == null) {
				return false;
			}
			this.connected.add(handshake.principal().getName());
			return true;
		}

		@Override
		public boolean register(Client client, String room) {
			return !ADMIN_ROOM.equals(room) || isAdmin(client.principal());
		}

		@Override
		public boolean emit(Client client, String event, @Nullable Object data) {
			return !SHUTDOWN_EVENT.equals(event) || isAdmin(client.principal());
		}

		@Override
		public boolean send(Client client, Set<String> recipients) {
			return !recipients.contains("admin") || isAdmin(client.principal());
		}

		private static boolean isAdmin(@Nullable Principal principal) {
			return principal instanceof Authentication authentication && authentication.getAuthorities()
				.stream()
				.anyMatch((authority) -> "ROLE_ADMIN".equals(authority.getAuthority()));
		}

	}

	@Component
	public static class Handlers {

		public final AtomicInteger shutdowns = new AtomicInteger();

		@WsemListener("whoami")
		String whoami(Principal principal) {
			return principal.getName();
		}

		@WsemListener(SHUTDOWN_EVENT)
		String shutdown() {
			this.shutdowns.incrementAndGet();
			return "shutting down";
		}

		@WsemListener("ping")
		String ping() {
			return "pong";
		}

	}

}
