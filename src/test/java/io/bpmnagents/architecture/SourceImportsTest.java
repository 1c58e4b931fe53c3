package io.bpmnagents.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capabilities' dependencies as the sources state them, next to the bytecode rules of
 * {@link PackageDependenciesTest}: the compiler inlines constants ({@code static final}
 * strings and numbers), so a dependency on another package's constant leaves no trace in
 * the bytecode that ArchUnit reads, and a cycle through it went unseen. Every mention of
 * another capability in a source file (an import, a static import, a qualified name)
 * counts here.
 */
class SourceImportsTest {

	private static final Path SOURCES = Path.of("src/main/java/io/bpmnagents");

	private static final Pattern MENTION = Pattern.compile("\\bio\\.bpmnagents\\.([a-z]+)\\.");

	@Test
	void capabilitiesDoNotDependOnEachOtherInCirclesEvenThroughConstants() throws IOException {
		Map<String, Set<String>> uses = uses();

		assertThat(uses).as("capabilities found in %s", SOURCES).hasSizeGreaterThan(5);
		assertThat(cycles(uses)).as("capabilities that depend on each other in a circle (sources)").isEmpty();
	}

	@Test
	void theCheckSeesADependencyThroughAnInlinedConstant() {
		Map<String, Set<String>> uses = new TreeMap<>(
				Map.of("security", Set.of("approval"), "approval", Set.of("security")));

		assertThat(cycles(uses)).containsExactly("approval -> security -> approval");
	}

	/** Which capabilities each capability's sources mention, itself left out. */
	private static Map<String, Set<String>> uses() throws IOException {
		Map<String, Set<String>> uses = new TreeMap<>();
		try (Stream<Path> files = Files.walk(SOURCES)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				Path relative = SOURCES.relativize(file);
				if (relative.getNameCount() < 2) {
					continue;
				}
				String capability = relative.getName(0).toString();
				Set<String> used = uses.computeIfAbsent(capability, (name) -> new TreeSet<>());
				Matcher mention = MENTION.matcher(withoutPackageLine(Files.readString(file)));
				while (mention.find()) {
					if (!mention.group(1).equals(capability)) {
						used.add(mention.group(1));
					}
				}
			}
		}
		return uses;
	}

	private static String withoutPackageLine(String source) {
		return source.replaceFirst("(?m)^package [^;]+;", "");
	}

	/**
	 * Each circle once, as "a -> b -> a", starting from its alphabetically first member.
	 */
	private static List<String> cycles(Map<String, Set<String>> uses) {
		Set<String> found = new TreeSet<>();
		for (String start : uses.keySet()) {
			Deque<List<String>> paths = new ArrayDeque<>();
			paths.push(List.of(start));
			while (!paths.isEmpty()) {
				List<String> path = paths.pop();
				for (String next : uses.getOrDefault(path.get(path.size() - 1), Set.of())) {
					if (next.equals(start)) {
						List<String> circle = new ArrayList<>(path);
						circle.add(start);
						if (path.stream().allMatch((member) -> member.compareTo(start) >= 0)) {
							found.add(String.join(" -> ", circle));
						}
					}
					else if (!path.contains(next) && next.compareTo(start) > 0) {
						List<String> longer = new ArrayList<>(path);
						longer.add(next);
						paths.push(longer);
					}
				}
			}
		}
		return new ArrayList<>(found);
	}

}
