package io.github.wsem.core;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.security.Principal;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.ReflectiveProcessor;

/**
 * The AOT hints of a {@link WsemListener @WsemListener} method, as Spring's
 * {@code MessageMappingReflectiveProcessor} gives them for {@code @MessageMapping}: the
 * method is invoked by reflection, the data parameter's type is bound by Jackson, and so
 * is the return type written as the ack.
 */
class WsemListenerReflectiveProcessor implements ReflectiveProcessor {

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public void registerReflectionHints(ReflectionHints hints, AnnotatedElement element) {
		if (element instanceof Method method) {
			hints.registerMethod(method, ExecutableMode.INVOKE);
			for (Parameter parameter : method.getParameters()) {
				Class<?> type = parameter.getType();
				if (!Client.class.isAssignableFrom(type) && !Principal.class.isAssignableFrom(type)) {
					this.bindings.registerReflectionHints(hints, parameter.getParameterizedType());
				}
			}
			if (method.getReturnType() != void.class) {
				this.bindings.registerReflectionHints(hints, method.getGenericReturnType());
			}
		}
	}

}
