package io.github.wsem.autoconfigure;

import io.github.wsem.core.ClientIdResolver;
import io.github.wsem.core.ClientHub;
import io.github.wsem.core.JsonCodec;
import io.github.wsem.sse.SseEndpoint;
import io.github.wsem.sse.SseRegistry;
import io.github.wsem.sse.SseSettings;

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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the Server-Sent Events transport: the {@link SseRegistry} and
 * the stream and emit endpoints below {@code wsem.endpoint}, and their threads:
 * {@code wsemSseWriterExecutor} (the blocking writes to the streams:
 * {@code wsem.sse.writer-threads} platform threads, or a virtual thread per write with
 * {@code spring.threads.virtual.enabled=true} on Java 21+) and {@code wsemTaskScheduler}
 * (the heartbeat).
 */
@AutoConfiguration(after = WsemAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(SseEmitter.class)
@ConditionalOnBooleanProperty(name = { "wsem.enabled", "wsem.sse.enabled" }, matchIfMissing = true)
@ConditionalOnBean(ClientHub.class)
public final class WsemSseAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SseRegistry wsemSseRegistry(ClientHub hub, ClientIdResolver idResolver, JsonCodec codec, WsemProperties properties,
			@Qualifier("wsemSseWriterExecutor") TaskExecutor writer,
			@Qualifier("wsemTaskScheduler") TaskScheduler scheduler) {
		return new SseRegistry(hub, idResolver, codec, sseSettings(properties), writer, scheduler);
	}

	@Bean(defaultCandidate = false)
	ThreadPoolTaskScheduler wsemTaskScheduler() {
		return WsemThreads.scheduler("wsem-scheduler-");
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnThreading(Threading.PLATFORM)
	static class PlatformWriterConfiguration {

		@Bean(defaultCandidate = false)
		ThreadPoolTaskExecutor wsemSseWriterExecutor(WsemProperties properties) {
			return WsemThreads.pool("wsem-sse-", properties.getSse().getWriterThreads());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnThreading(Threading.VIRTUAL)
	static class VirtualWriterConfiguration {

		@Bean(defaultCandidate = false)
		SimpleAsyncTaskExecutor wsemSseWriterExecutor() {
			return WsemThreads.virtual("wsem-sse-");
		}

	}

	@Bean
	@ConditionalOnMissingBean
	SseEndpoint wsemSseEndpoint(SseRegistry registry, ClientHub hub, JsonCodec codec, WsemProperties properties) {
		return new SseEndpoint(registry, hub, codec, sseSettings(properties), properties.getMaxRoomsPerClient());
	}

	@Bean
	WebMvcConfigurer wsemSseWebMvcConfigurer(WsemProperties properties) {
		return new WebMvcConfigurer() {
			@Override
			public void configurePathMatch(PathMatchConfigurer configurer) {
				configurer.addPathPrefix(properties.getEndpoint(), SseEndpoint.class::equals);
			}

			@Override
			public void addCorsMappings(CorsRegistry registry) {
				if (properties.getAllowedOrigins().isEmpty()) {
					return;
				}
				for (String path : new String[] { "/sse", "/emit" }) {
					registry.addMapping(properties.getEndpoint() + path)
						.allowedOriginPatterns(properties.getAllowedOrigins().toArray(String[]::new))
						.allowedMethods("GET", "POST")
						.allowedHeaders(SseEndpoint.CLIENT_HEADER, SseEndpoint.TOKEN_HEADER, SseEndpoint.ACK_HEADER,
								"Content-Type", "Last-Event-ID")
						.allowCredentials(true);
				}
			}
		};
	}

	private static SseSettings sseSettings(WsemProperties properties) {
		WsemProperties.Sse sse = properties.getSse();
		return new SseSettings(sse.getHeartbeat(), sse.getRetry(), sse.getTimeout(),
				properties.getSendBufferLimit().toBytes(), properties.getSendTimeLimit(),
				properties.getMaxFrameSize().toBytes(), sse.getMaxClients());
	}

}
