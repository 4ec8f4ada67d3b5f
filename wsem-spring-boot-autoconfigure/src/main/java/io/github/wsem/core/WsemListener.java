package io.github.wsem.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a method of a singleton bean as the handler of events clients emit.
 *
 * <p>
 * Parameters may be the {@link Client} that emitted the event, its
 * {@link java.security.Principal}, and at most one other parameter that receives the
 * event's data, converted by Jackson to the parameter's (generic) type. The return value
 * becomes the data of the ack; a {@code CompletionStage} is awaited. A thrown
 * {@link WsemException} answers with its code; any other exception with {@code internal},
 * the details going to the server log only.
 *
 * <pre class="code">
 * &#064;WsemListener("todo")
 * Todo add(Todo todo, Client client) { ... }
 * </pre>
 *
 * <p>
 * For AOT and native images the method and the types of its data and result get
 * reflection hints by themselves ({@link WsemListenerReflectiveProcessor}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(WsemListenerReflectiveProcessor.class)
public @interface WsemListener {

	/**
	 * The event names handled by the method.
	 * @return the event names
	 */
	String[] value();

}
