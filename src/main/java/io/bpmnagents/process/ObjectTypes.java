package io.bpmnagents.process;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.runtime.WhitelistingDeserializationTypeValidator;

/**
 * The classes an {@code Object} variable may be read back as: what the app itself stores
 * (texts, numbers, flags, and lists and maps of them, as JSON), and nothing else.
 * Camunda's own default list admits every class whose name starts with {@code java.lang}
 * ({@code java.lang.reflect}, {@code java.lang.invoke} among them) and more collections;
 * a value whose class is not here is never instantiated. An administrator may add classes
 * or packages with Camunda's {@code deserialization-allowed-classes} and
 * {@code deserialization-allowed-packages}.
 */
final class ObjectTypes implements WhitelistingDeserializationTypeValidator {

	/**
	 * What {@link Variable}, the run input, tool arguments and structured answers store
	 * (a JSON number too large for a {@code Long} is a {@code BigInteger}).
	 */
	static final Set<String> STORED = Set.of("java.lang.Object", "java.lang.String", "java.lang.Integer",
			"java.lang.Long", "java.lang.Double", "java.lang.Boolean", "java.math.BigInteger", "java.math.BigDecimal",
			"java.util.ArrayList", "java.util.HashMap", "java.util.LinkedHashMap");

	private final Set<String> classes = new HashSet<>(STORED);

	private final Set<String> packages = new HashSet<>();

	@Override
	public void setAllowedClasses(String names) {
		this.classes.retainAll(STORED);
		this.classes.addAll(list(names));
	}

	@Override
	public void setAllowedPackages(String names) {
		this.packages.clear();
		// A package is matched with its dot, so "java.lang" does not admit
		// java.lang.reflect.
		list(names).forEach((name) -> this.packages.add(name.endsWith(".") ? name : name + "."));
	}

	@Override
	public boolean validate(String className) {
		if (className == null || className.isBlank()) {
			return true;
		}
		String name = className.strip();
		return this.classes.contains(name) || this.packages.stream()
			.anyMatch((prefix) -> name.startsWith(prefix) && name.indexOf('.', prefix.length()) < 0);
	}

	/**
	 * Whether an object type as a client names it, generics included (such as
	 * {@code java.util.ArrayList<java.lang.Object>}), names only allowed classes.
	 */
	boolean allows(String typeName) {
		if (typeName == null || typeName.isBlank()) {
			return false;
		}
		return Arrays.stream(typeName.split("[<>,\\[\\]\\s]+"))
			.filter((part) -> !part.isEmpty())
			.allMatch(this::validate);
	}

	private static List<String> list(String names) {
		if (names == null) {
			return List.of();
		}
		return Arrays.stream(names.split(",")).map(String::strip).filter((name) -> !name.isEmpty()).toList();
	}

}
