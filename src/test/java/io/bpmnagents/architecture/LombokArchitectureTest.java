package io.bpmnagents.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lombok writes the injection constructors and nothing else (ADR 9): its annotations keep
 * no trace in the bytecode ArchUnit reads, so the sources are checked. Allowed are
 * {@code @RequiredArgsConstructor}, bare or with {@code access = AccessLevel.…}; any
 * other Lombok type ({@code @Data}, {@code @Getter}, {@code @Builder},
 * {@code @SneakyThrows}, an experimental one, a wildcard import) or option
 * ({@code onConstructor_}, {@code staticName}) fails the build.
 */
class LombokArchitectureTest {

	private static final List<Path> SOURCES = List.of(Path.of("src/main/java"), Path.of("src/test/java"),
			Path.of("src/browser/java"));

	private static final Pattern LOMBOK_NAME = Pattern.compile("\\blombok\\.([A-Za-z_*][\\w.*]*)");

	private static final Set<String> ALLOWED_NAMES = Set.of("RequiredArgsConstructor", "AccessLevel");

	private static final Pattern CONSTRUCTOR_OPTIONS = Pattern.compile("@RequiredArgsConstructor\\s*\\(([^)]*)\\)");

	private static final Pattern ALLOWED_OPTIONS = Pattern
		.compile("\\s*access\\s*=\\s*AccessLevel\\.(PACKAGE|PRIVATE|PROTECTED)\\s*");

	@Test
	void theSourcesUseLombokForRequiredArgsConstructorOnly() throws IOException {
		List<String> found = new ArrayList<>();
		int users = 0;
		for (Path root : SOURCES) {
			if (!Files.isDirectory(root)) {
				continue;
			}
			try (Stream<Path> files = Files.walk(root)) {
				for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
					if (file.endsWith(LombokArchitectureTest.class.getSimpleName() + ".java")) {
						continue;
					}
					String source = Files.readString(file);
					users += source.contains("@RequiredArgsConstructor") ? 1 : 0;
					violations(source).forEach((violation) -> found.add(file + ": " + violation));
				}
			}
		}

		assertThat(users).as("classes whose constructor Lombok writes").isGreaterThan(50);
		assertThat(found).as("Lombok used for more than @RequiredArgsConstructor (ADR 9)").isEmpty();
	}

	@Test
	void theRuleFindsEveryOtherLombokAnnotationAndOption() {
		assertThat(violations("import lombok.Getter;\n@Getter\nclass A {\n}")).containsExactly("lombok.Getter");
		assertThat(violations("@lombok.Data\nclass A {\n}")).containsExactly("lombok.Data");
		assertThat(violations("import lombok.*;")).containsExactly("lombok.*");
		assertThat(violations("import lombok.experimental.Delegate;")).containsExactly("lombok.experimental.Delegate");
		assertThat(violations("@RequiredArgsConstructor(staticName = \"of\")\nclass A {\n}"))
			.containsExactly("@RequiredArgsConstructor(staticName = \"of\")");
	}

	@Test
	void theRuleLetsTheInjectionConstructorPass() {
		assertThat(violations("""
				import lombok.AccessLevel;
				import lombok.RequiredArgsConstructor;

				@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
				class A {
				}
				""")).isEmpty();
		assertThat(violations("import lombok.RequiredArgsConstructor;\n@RequiredArgsConstructor\nclass A {\n}"))
			.isEmpty();
	}

	private static List<String> violations(String source) {
		List<String> violations = new ArrayList<>();
		Matcher name = LOMBOK_NAME.matcher(source);
		while (name.find()) {
			if (!ALLOWED_NAMES.contains(name.group(1))) {
				violations.add(name.group());
			}
		}
		Matcher options = CONSTRUCTOR_OPTIONS.matcher(source);
		while (options.find()) {
			if (!ALLOWED_OPTIONS.matcher(options.group(1)).matches()) {
				violations.add(options.group());
			}
		}
		return violations;
	}

}
