package io.github.wsem.sse;

import io.github.wsem.core.Client;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A {@link Client} connected over Server-Sent Events, as returned by
 * {@link SseRegistry#add}.
 */
public interface SseClient extends Client {

	/**
	 * Return the emitter to return from the controller method that opened the stream.
	 * @return the emitter
	 */
	SseEmitter emitter();

}
