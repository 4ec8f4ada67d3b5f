package io.github.wsem.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.wsem.actuate.MicrometerWsemMetrics;
import io.github.wsem.broker.InMemoryBroker;
import io.github.wsem.codec.Jackson2Codec;
import io.github.wsem.codec.Jackson3Codec;
import io.github.wsem.core.Broadcast;
import io.github.wsem.core.Broker;
import io.github.wsem.core.Client;
import io.github.wsem.core.ClientIdGenerator;
import io.github.wsem.core.Clients;
import io.github.wsem.core.ClientHub;
import io.github.wsem.core.Delivery;
import io.github.wsem.core.DirectAnswer;
import io.github.wsem.core.EventHandler;
import io.github.wsem.core.EventManager;
import io.github.wsem.core.JsonCodec;
import io.github.wsem.core.RegistrationListener;
import io.github.wsem.core.WsemAuthorizer;
import io.github.wsem.core.WsemListenerMethodProcessor;
import io.github.wsem.sse.SseEndpoint;
import io.github.wsem.sse.SseRegistry;
import io.github.wsem.websocket.WsemWebSocketConfigurer;
import io.github.wsem.websocket.WsemWebSocketHandler;
import org.jspecify.annotations.Nullable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurationSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsemAutoConfiguration} and {@link WsemWebSocketAutoConfiguration}.
 */
class WsemAutoConfigurationTests {

	private static final AutoConfigurations WSEM = AutoConfigurations.of(WsemAutoConfiguration.class,
			WsemWebSocketAutoConfiguration.class);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner().withConfiguration(WSEM);

	@Test
	void createsEventManagerHandlerAndConfigurerByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(EventManager.class);
			assertThat(context.getBean(EventManager.class)).isSameAs(context.getBean(ClientHub.class).eventManager());
			assertThat(context).hasSingleBean(WsemWebSocketHandler.class);
			assertThat(context).hasSingleBean(WsemWebSocketConfigurer.class);
			assertThat(context).hasSingleBean(WsemListenerMethodProcessor.class);
			assertThat(context).hasSingleBean(WebSocketConfigurationSupport.class);
			assertThat(context.getBean(Broker.class)).isInstanceOf(InMemoryBroker.class);
		});
	}

	@Test
	void registersTheHandlerAtTheDefaultEndpoint() {
		this.contextRunner.run((context) -> assertThat(handlerPaths(context)).containsExactly("/wsem"));
	}

	@Test
	void registersTheHandlerAtTheConfiguredEndpoint() {
		this.contextRunner.withPropertyValues("wsem.endpoint=/events/live")
			.run((context) -> assertThat(handlerPaths(context)).containsExactly("/events/live"));
	}

	@Test
	void createsNoBeanWhenDisabled() {
		this.contextRunner.withPropertyValues("wsem.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(EventManager.class);
			assertThat(context).doesNotHaveBean(JsonCodec.class);
			assertThat(context).doesNotHaveBean(Broker.class);
			assertThat(context).doesNotHaveBean(ClientIdGenerator.class);
			assertThat(context).doesNotHaveBean(WsemProperties.class);
			assertThat(context).doesNotHaveBean(WsemListenerMethodProcessor.class);
			assertThat(context).doesNotHaveBean(WsemWebSocketHandler.class);
			assertThat(context).doesNotHaveBean(WsemWebSocketConfigurer.class);
			assertThat(context).doesNotHaveBean(WebSocketConfigurationSupport.class);
		});
	}

	@Test
	void createsNoBeanInANonWebApplication() {
		new ApplicationContextRunner().withConfiguration(WSEM).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(EventManager.class);
			assertThat(context).doesNotHaveBean(JsonCodec.class);
			assertThat(context).doesNotHaveBean(WsemWebSocketHandler.class);
			assertThat(context).doesNotHaveBean(WebSocketConfigurationSupport.class);
		});
	}

	@Test
	void createsNoBeanWithoutSpringWebSocket() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebSocketHandler.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(EventManager.class);
			assertThat(context).doesNotHaveBean(WsemWebSocketConfigurer.class);
		});
	}

	@Test
	void keepsTheTransportsWhenTheApplicationDefinesAnEventManager() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(WsemSseAutoConfiguration.class, WsemMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withUserConfiguration(OwnEventManagerConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(EventManager.class);
				assertThat(context.getBean(EventManager.class)).isSameAs(context.getBean("ownEventManager"));
				assertThat(context).hasSingleBean(ClientHub.class);
				assertThat(context).hasSingleBean(WsemWebSocketHandler.class);
				assertThat(context).hasSingleBean(WsemWebSocketConfigurer.class);
				assertThat(context).hasSingleBean(SseRegistry.class);
				assertThat(context).hasSingleBean(SseEndpoint.class);
				assertThat(context).hasSingleBean(MicrometerWsemMetrics.class);
			});
	}

	@Test
	void letsTheApplicationDecorateTheEventManager() {
		this.contextRunner.withUserConfiguration(DecoratingEventManagerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(EventManager.class);
			EventManager decorator = context.getBean(EventManager.class);
			assertThat(decorator).isInstanceOf(NoOpEventManager.class);
			assertThat(((NoOpEventManager) decorator).delegate)
				.isSameAs(context.getBean(ClientHub.class).eventManager());
			assertThat(context).hasSingleBean(WsemWebSocketHandler.class);
		});
	}

	@Test
	void usesTheApplicationsJsonCodec() {
		this.contextRunner.withUserConfiguration(OwnCodecConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(JsonCodec.class);
			assertThat(context.getBean(JsonCodec.class)).isSameAs(context.getBean("ownCodec"));
		});
	}

	@Test
	void usesTheApplicationsBroker() {
		this.contextRunner.withUserConfiguration(OwnBrokerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(Broker.class);
			RecordingBroker broker = context.getBean(RecordingBroker.class);
			assertThat(broker.node).isNotNull();
			context.getBean(EventManager.class).emit("news", "hello");
			assertThat(broker.published).singleElement()
				.satisfies((delivery) -> assertThat(delivery.rooms()).containsExactly("news"));
		});
	}

	@Test
	void usesTheApplicationsClientIdGenerator() {
		this.contextRunner.withUserConfiguration(OwnClientIdGeneratorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ClientIdGenerator.class);
			assertThat(context.getBean(ClientIdGenerator.class).generateId()).isEqualTo("fixed-id");
		});
	}

	@Test
	void allowsEverythingByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WsemAuthorizer.class);
			assertThat(context.getBean(WsemAuthorizer.class).register(null, "any")).isTrue();
		});
	}

	@Test
	void usesTheApplicationsAuthorizer() {
		this.contextRunner.withUserConfiguration(OwnAuthorizerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(WsemAuthorizer.class);
			assertThat(context.getBean(WsemAuthorizer.class).register(null, "any")).isFalse();
		});
	}

	@Test
	void doesNotEnableWebSocketAgainWhenTheApplicationHasEnabledIt() {
		this.contextRunner.withUserConfiguration(OwnEnableWebSocketConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(WebSocketConfigurationSupport.class);
			assertThat(handlerPaths(context)).containsExactly("/wsem");
		});
	}

	@Test
	void usesTheApplicationsJackson3MapperByDefault() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
			.run((context) -> {
				JsonCodec codec = context.getBean(JsonCodec.class);
				assertThat(codec).isInstanceOf(Jackson3Codec.class);
				assertThat(codec.encode(new Sample("x"))).isEqualTo("{\"sample_title\":\"x\"}");
			});
	}

	@Test
	void usesJackson2WhenAutoFindsNoJackson3Mapper() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(JsonCodec.class)).isInstanceOf(Jackson2Codec.class));
	}

	@Test
	void usesJackson3WhenAutoFindsNeitherAJackson3MapperNorJackson2() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(com.fasterxml.jackson.databind.ObjectMapper.class))
			.run((context) -> assertThat(context.getBean(JsonCodec.class)).isInstanceOf(Jackson3Codec.class));
	}

	@Test
	void usesJackson2WhenAskedEvenWithAJackson3Mapper() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.withPropertyValues("wsem.json-mapper=jackson2")
			.run((context) -> assertThat(context.getBean(JsonCodec.class)).isInstanceOf(Jackson2Codec.class));
	}

	@Test
	void usesJackson3WhenAskedWithoutAJackson3Mapper() {
		this.contextRunner.withPropertyValues("wsem.json-mapper=jackson")
			.run((context) -> assertThat(context.getBean(JsonCodec.class)).isInstanceOf(Jackson3Codec.class));
	}

	@Test
	void usesTheApplicationsJackson3MapperWhenAskedForJackson3() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.withPropertyValues("wsem.json-mapper=jackson", "spring.jackson.property-naming-strategy=SNAKE_CASE")
			.run((context) -> assertThat(context.getBean(JsonCodec.class).encode(new Sample("x")))
				.isEqualTo("{\"sample_title\":\"x\"}"));
	}

	@Test
	void failsToStartWhenJackson2IsAskedForButAbsent() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(com.fasterxml.jackson.databind.ObjectMapper.class))
			.withPropertyValues("wsem.json-mapper=jackson2")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(describe(context.getStartupFailure()))
					.anyMatch((message) -> message.startsWith("wsem.json-mapper=jackson2 needs Jackson 2"));
			});
	}

	@Test
	void failsToStartWhenJackson3IsAskedForButAbsent() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(tools.jackson.databind.json.JsonMapper.class))
			.withPropertyValues("wsem.json-mapper=jackson")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(describe(context.getStartupFailure()))
					.anyMatch((message) -> message.startsWith("wsem.json-mapper=jackson needs Jackson 3"));
			});
	}

	@Test
	void usesTheApplicationsCodecEvenWhenTheAskedForJacksonIsAbsent() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(com.fasterxml.jackson.databind.ObjectMapper.class))
			.withUserConfiguration(OwnCodecConfiguration.class)
			.withPropertyValues("wsem.json-mapper=jackson2")
			.run((context) -> assertThat(context.getBean(JsonCodec.class)).isSameAs(context.getBean("ownCodec")));
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			wsem.endpoint              | wsem
			wsem.max-frame-size        | -1KB
			wsem.register-event-name   | has space
			wsem.unregister-event-name | ''
			wsem.max-rooms-per-client  | 0
			wsem.send-time-limit       | -1s
			wsem.websocket.writer-threads | 0
			wsem.receive-type          | application/xml
			wsem.client-script-url     | x.js
			""")
	void failsToStartWithAMessageNamingABadProperty(String property, String value) {
		this.contextRunner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(describe(context.getStartupFailure())).anyMatch((message) -> message.contains(property));
		});
	}

	private static List<String> handlerPaths(org.springframework.context.ApplicationContext context) {
		List<String> paths = new ArrayList<>();
		context.getBeansOfType(AbstractUrlHandlerMapping.class)
			.values()
			.forEach((mapping) -> mapping.getHandlerMap().keySet().forEach(paths::add));
		return paths;
	}

	/**
	 * The messages of the cause chain, and the name of the property a bind failure is
	 * about, as Spring Boot's failure analyzer reports it to the user.
	 */
	private static List<String> describe(@Nullable Throwable failure) {
		List<String> messages = new ArrayList<>();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.add(String.valueOf(cause.getMessage()));
			if (cause instanceof BindException bindFailure && bindFailure.getProperty() != null) {
				messages.add("Property: " + bindFailure.getProperty().getName());
			}
		}
		return messages;
	}

	record Sample(String sampleTitle) {
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnEventManagerConfiguration {

		@Bean
		EventManager ownEventManager() {
			return new NoOpEventManager();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DecoratingEventManagerConfiguration {

		@Bean
		EventManager decoratingEventManager(ClientHub hub) {
			return new NoOpEventManager(hub.eventManager());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnCodecConfiguration {

		@Bean
		JsonCodec ownCodec() {
			return new Jackson2Codec(new com.fasterxml.jackson.databind.ObjectMapper());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBrokerConfiguration {

		@Bean
		RecordingBroker ownBroker() {
			return new RecordingBroker();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnClientIdGeneratorConfiguration {

		@Bean
		ClientIdGenerator ownIdGenerator() {
			return () -> "fixed-id";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnAuthorizerConfiguration {

		@Bean
		WsemAuthorizer ownAuthorizer() {
			return new WsemAuthorizer() {

				@Override
				public boolean register(Client client, String room) {
					return false;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class OwnEnableWebSocketConfiguration {

	}

	static final class RecordingBroker implements Broker {

		final List<Delivery> published = new ArrayList<>();

		@Nullable LocalNode node;

		@Override
		public void attach(LocalNode node) {
			this.node = node;
		}

		@Override
		public void publish(Delivery delivery) {
			this.published.add(delivery);
		}

		@Override
		public boolean hasMembers(String room) {
			return false;
		}

		@Override
		public Set<String> members(String room) {
			return Set.of();
		}

		@Override
		public void joined(String room, String clientId, boolean firstOnNode) {
		}

		@Override
		public void left(String room, String clientId, boolean lastOnNode) {
		}

		@Override
		public boolean claim(String clientId, boolean exclusive) {
			return true;
		}

		@Override
		public void release(String clientId) {
		}

		@Override
		public Set<String> unknownClients(Set<String> clientIds) {
			return clientIds;
		}

		@Override
		public void sendDirect(Set<String> clientIds, String frame) {
		}

		@Override
		public void answer(long reply, String from, @Nullable Object message) {
		}

	}

	static final class NoOpEventManager implements EventManager {

		final @Nullable EventManager delegate;

		NoOpEventManager() {
			this(null);
		}

		NoOpEventManager(@Nullable EventManager delegate) {
			this.delegate = delegate;
		}

		@Override
		public void emit(String event, @Nullable Object data) {
		}

		@Override
		public Broadcast to(String room) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Broadcast except(String clientId) {
			throw new UnsupportedOperationException();
		}

		@Override
		public <T> void on(String event, Class<T> type, EventHandler<T> handler) {
		}

		@Override
		public <T> void on(String event, ParameterizedTypeReference<T> type, EventHandler<T> handler) {
		}

		@Override
		public void on(String event, EventHandler<Object> handler) {
		}

		@Override
		public void off(String event, EventHandler<?> handler) {
		}

		@Override
		public void addListener(String event, RegistrationListener listener) {
		}

		@Override
		public void removeListener(String event, RegistrationListener listener) {
		}

		@Override
		public void send(String clientId, @Nullable Object message) {
		}

		@Override
		public CompletableFuture<DirectAnswer> request(String clientId, @Nullable Object message, Duration timeout) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean hasClientRegistration(String event) {
			return false;
		}

		@Override
		public Clients clients() {
			throw new UnsupportedOperationException();
		}

	}

}
