package io.github.wsem.core;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which decisions an authorizer takes itself: those it leaves to the interface's default
 * are not asked for.
 */
class AuthorizationTests {

	@Test
	void asksNothingOfTheDefaultAuthorizer() {
		Authorization authorization = new Authorization(WsemAuthorizer.allowAll());
		assertThat(authorization.checksConnect()).isFalse();
		assertThat(authorization.register(null, "room")).isTrue();
	}

	@Test
	void asksWhatTheAuthorizerOverrides() {
		Authorization authorization = new Authorization(new WsemAuthorizer() {

			@Override
			public boolean register(Client client, String room) {
				return !room.equals("secret");
			}

			@Override
			public boolean send(Client client, Set<String> recipients) {
				return false;
			}

		});
		assertThat(authorization.checksConnect()).isFalse();
		assertThat(authorization.register(null, "room")).isTrue();
		assertThat(authorization.register(null, "secret")).isFalse();
		assertThat(authorization.emit(null, "event", null)).isTrue();
		assertThat(authorization.send(null, Set.of("a"))).isFalse();
	}

	@Test
	void asksAnAuthorizerThatInheritsAnOverride() {
		class Connects implements WsemAuthorizer {

			@Override
			public boolean connect(Handshake handshake) {
				return false;
			}

		}
		class Inherits extends Connects {

		}
		assertThat(new Authorization(new Inherits()).checksConnect()).isTrue();
	}

}
