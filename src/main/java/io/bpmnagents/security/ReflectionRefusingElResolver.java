package io.bpmnagents.security;

import java.beans.FeatureDescriptor;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.impl.juel.jakarta.el.ELContext;
import org.camunda.bpm.impl.juel.jakarta.el.ELException;
import org.camunda.bpm.impl.juel.jakarta.el.ELResolver;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.env.Environment;

/**
 * Stands in front of the engine's expression resolvers and refuses every step of an
 * expression that would reach a class, a class loader, reflection, threads, processes or
 * the application's beans and settings: the step's object, the property or method it
 * names, and what it answers. A check of the model's text sees only literal names
 * ({@code x['class']}); this sees the name however it was computed ({@code x[k]} with
 * {@code k} holding {@code "class"}) and the object however it was reached, for every
 * expression the engine evaluates: conditions, listeners, input and output mappings, form
 * keys, assignments, task query expressions and decisions.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class ReflectionRefusingElResolver extends ELResolver {

	/** Bean properties and methods that answer a class, class loader or module. */
	private static final Set<String> NAMES = Set.of("class", "classLoader", "contextClassLoader", "module",
			"protectionDomain", "declaringClass", "getClass", "getClassLoader", "getContextClassLoader", "getModule",
			"getProtectionDomain", "getDeclaringClass", "forName", "loadClass", "defineClass", "newInstance");

	private static final List<Class<?>> TYPES = List.of(Class.class, ClassLoader.class, Module.class, ModuleLayer.class,
			ProtectionDomain.class, CodeSource.class, Thread.class, ThreadGroup.class, Runtime.class, Process.class,
			ProcessBuilder.class, ProcessHandle.class, StackWalker.class, BeanFactory.class, Environment.class);

	private static final List<String> PACKAGES = List.of("java.lang.reflect.", "java.lang.invoke.",
			"java.lang.instrument.", "java.lang.module.", "java.beans.", "javax.script.", "javax.naming.", "sun.",
			"jdk.internal.", "com.sun.jndi.");

	private final ELResolver resolver;

	@Override
	public Object getValue(ELContext context, Object base, Object property) {
		checkStep(base, property);
		return checked(this.resolver.getValue(context, base, property), property);
	}

	@Override
	public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
		checkBase(base, method);
		if (method != null && NAMES.contains(method.toString())) {
			throw refusal(base, method);
		}
		if (params != null) {
			for (Object param : params) {
				checked(param, method);
			}
		}
		return checked(this.resolver.invoke(context, base, method, paramTypes, params), method);
	}

	@Override
	public Class<?> getType(ELContext context, Object base, Object property) {
		checkStep(base, property);
		return this.resolver.getType(context, base, property);
	}

	@Override
	public void setValue(ELContext context, Object base, Object property, Object value) {
		checkStep(base, property);
		this.resolver.setValue(context, base, property, checked(value, property));
	}

	@Override
	public boolean isReadOnly(ELContext context, Object base, Object property) {
		checkStep(base, property);
		return this.resolver.isReadOnly(context, base, property);
	}

	@Override
	public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
		checkBase(base, null);
		return this.resolver.getFeatureDescriptors(context, base);
	}

	@Override
	public Class<?> getCommonPropertyType(ELContext context, Object base) {
		return this.resolver.getCommonPropertyType(context, base);
	}

	@Override
	public Object convertToType(ELContext context, Object obj, Class<?> targetType) {
		return this.resolver.convertToType(context, checked(obj, null), targetType);
	}

	/**
	 * Whether expressions may not hold this object: see {@link #TYPES}, arrays of them
	 * too.
	 */
	static boolean refused(Object value) {
		if (value == null) {
			return false;
		}
		Class<?> type = (value instanceof Class) ? Class.class : value.getClass();
		while (type.isArray()) {
			type = type.getComponentType();
		}
		for (Class<?> refused : TYPES) {
			if (refused.isAssignableFrom(type)) {
				return true;
			}
		}
		String name = type.getName();
		return PACKAGES.stream().anyMatch(name::startsWith);
	}

	private static void checkStep(Object base, Object property) {
		checkBase(base, property);
		// A map's entry named "class" is data, not Object.getClass(): the map resolver
		// answers it before the bean resolver could.
		if (base != null && !(base instanceof Map) && property != null && NAMES.contains(property.toString())) {
			throw refusal(base, property);
		}
	}

	private static void checkBase(Object base, Object property) {
		if (refused(base)) {
			throw refusal(base, property);
		}
	}

	private static <T> T checked(T value, Object property) {
		if (refused(value)) {
			throw refusal(value, property);
		}
		return value;
	}

	private static ELException refusal(Object object, Object name) {
		String what = (object instanceof Class) ? "a class" : "a " + object.getClass().getName();
		return new ELException("Expressions may not reach classes, class loaders, reflection, threads, processes or "
				+ "the application's beans: refused '" + name + "' at " + what + ".");
	}

}
