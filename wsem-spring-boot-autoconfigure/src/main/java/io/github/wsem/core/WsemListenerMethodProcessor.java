package io.github.wsem.core;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.security.Principal;
import java.util.Map;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Registers the {@link WsemListener @WsemListener} methods of singleton beans as handlers
 * of an {@link EventManager}, once all singletons exist.
 */
public final class WsemListenerMethodProcessor implements SmartInitializingSingleton, BeanFactoryAware {

	private final EventManager eventManager;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	/**
	 * Create a processor.
	 * @param eventManager the event manager the handlers are added to
	 */
	public WsemListenerMethodProcessor(EventManager eventManager) {
		this.eventManager = eventManager;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ConfigurableListableBeanFactory factory = this.beanFactory;
		if (factory == null) {
			return;
		}
		for (String name : factory.getBeanDefinitionNames()) {
			if (!factory.containsSingleton(name)) {
				continue;
			}
			Class<?> type = factory.getType(name);
			if (type == null) {
				continue;
			}
			Map<Method, WsemListener> methods = MethodIntrospector.selectMethods(type,
					(MethodIntrospector.MetadataLookup<WsemListener>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, WsemListener.class));
			if (!methods.isEmpty()) {
				Object bean = factory.getBean(name);
				methods.forEach((method, annotation) -> register(bean, method, annotation));
			}
		}
	}

	private void register(Object bean, Method method, WsemListener annotation) {
		Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		ReflectionUtils.makeAccessible(invocable);
		Type payloadType = Object.class;
		Type[] types = invocable.getGenericParameterTypes();
		Class<?>[] classes = invocable.getParameterTypes();
		@SuppressWarnings("unchecked")
		BiFunction<@Nullable Object, Client, @Nullable Object>[] resolvers = new BiFunction[classes.length];
		boolean payloadSeen = false;
		for (int i = 0; i < classes.length; i++) {
			if (Client.class.isAssignableFrom(classes[i])) {
				resolvers[i] = (data, client) -> client;
			}
			else if (Principal.class.isAssignableFrom(classes[i])) {
				resolvers[i] = (data, client) -> client.principal();
			}
			else if (!payloadSeen) {
				payloadSeen = true;
				payloadType = types[i];
				resolvers[i] = (data, client) -> data;
			}
			else {
				throw new IllegalStateException("@WsemListener method " + method
						+ " may have only one data parameter besides Client and Principal");
			}
		}
		EventHandler<Object> handler = (data, client) -> {
			Object[] args = new Object[resolvers.length];
			for (int i = 0; i < args.length; i++) {
				args[i] = resolvers[i].apply(data, client);
			}
			try {
				return invocable.invoke(bean, args);
			}
			catch (InvocationTargetException ex) {
				Throwable target = ex.getTargetException();
				if (target instanceof Exception exception) {
					throw exception;
				}
				throw (Error) target;
			}
		};
		for (String event : annotation.value()) {
			this.eventManager.on(event, ParameterizedTypeReference.forType(payloadType), handler);
		}
	}

}
