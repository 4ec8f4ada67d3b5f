package io.github.wsem.autoconfigure;

import io.github.wsem.core.ClientIdResolver;
import io.github.wsem.core.ClientHub;
import io.github.wsem.websocket.WebSocketSettings;
import io.github.wsem.websocket.WsemWebSocketConfigurer;
import io.github.wsem.websocket.WsemWebSocketHandler;

import org.apache.catalina.startup.Tomcat;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.thread.Threading;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurationSupport;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of wsem's WebSocket endpoint at {@code wsem.endpoint}, and of its
 * threads: {@code wsemWriterExecutor} ({@code wsem.websocket.writer-threads} platform
 * threads that write the queues without blocking) and {@code wsemWaitExecutor} (closes,
 * waits for Tomcat's own frames, and with virtual threads the blocking writes of
 * containers other than Tomcat).
 */
@AutoConfiguration(after = WsemAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(WebSocketHandler.class)
@ConditionalOnBooleanProperty(name = "wsem.enabled", matchIfMissing = true)
@ConditionalOnBean(ClientHub.class)
public final class WsemWebSocketAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WsemWebSocketHandler wsemWebSocketHandler(ClientHub hub, ClientIdResolver idResolver, WsemProperties properties,
			Environment environment, @Qualifier("wsemWriterExecutor") TaskExecutor writers,
			@Qualifier("wsemWaitExecutor") TaskExecutor waiters) {
		WsemProperties.WebSocket websocket = properties.getWebsocket();
		WebSocketSettings settings = new WebSocketSettings(properties.getMaxFrameSize().toBytes(),
				(int) properties.getSendBufferLimit().toBytes(), properties.getSendTimeLimit(),
				websocket.getSubprotocols(), WebSocketSettings.DEFAULT_BLOCKING_WRITERS, websocket.isTomcatFastPath());
		TaskExecutor sessionWriters = Threading.VIRTUAL.isActive(environment) ? waiters : writers;
		return new WsemWebSocketHandler(hub, idResolver, settings, writers, sessionWriters, waiters);
	}

	@Bean(defaultCandidate = false)
	ThreadPoolTaskExecutor wsemWriterExecutor(WsemProperties properties) {
		return WsemThreads.pool("wsem-write-", properties.getWebsocket().getWriterThreads());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnThreading(Threading.PLATFORM)
	static class PlatformWaitExecutorConfiguration {

		@Bean(defaultCandidate = false)
		ThreadPoolTaskExecutor wsemWaitExecutor() {
			return WsemThreads.pool("wsem-wait-", 2);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnThreading(Threading.VIRTUAL)
	static class VirtualWaitExecutorConfiguration {

		@Bean(defaultCandidate = false)
		SimpleAsyncTaskExecutor wsemWaitExecutor() {
			return WsemThreads.virtual("wsem-wait-");
		}

	}

	@Bean
	@ConditionalOnMissingBean
	WsemWebSocketConfigurer wsemWebSocketConfigurer(WsemWebSocketHandler handler, WsemProperties properties) {
		return new WsemWebSocketConfigurer(handler, properties.getEndpoint(), properties.getAllowedOrigins(),
				properties.getWebsocket().getMaxConnections());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, TomcatServletWebServerFactory.class })
	static class TomcatBuffersConfiguration {

		@Bean
		TomcatBufferCustomizer wsemTomcatBufferCustomizer(WsemProperties properties, ListableBeanFactory beans) {
			// by name only: the factory bean needs the started server
			boolean applicationSizesMessageBuffers = beans.getBeanNamesForType(ServletServerContainerFactoryBean.class,
					true, false).length > 0;
			return new TomcatBufferCustomizer(properties.getContainer(), applicationSizesMessageBuffers);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(WebSocketConfigurationSupport.class)
	@EnableWebSocket
	static class EnableWebSocketConfiguration {

	}

}
