package io.bpmnagents.webapps;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.bpmnagents.transcript.GuardrailDecision;
import io.bpmnagents.transcript.QuotaHold;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Cockpit plugin is a set of ES modules the browser loads as they are (no build
 * step): nothing but the browser resolves their imports, so a name imported from a module
 * that does not export it would only fail on a person's screen. These checks read the
 * modules as shipped.
 */
class CockpitPluginModulesTest {

	private static final String FOLDER = "META-INF/resources/webjars/camunda/app/cockpit/scripts/bpmn-agents";

	private static final Pattern IMPORT = Pattern.compile("^import \\{ ([^}]+) } from '\\./([\\w-]+\\.js)';",
			Pattern.MULTILINE);

	private static final Pattern CUSTOM_SCRIPTS = Pattern.compile("customScripts: \\[([^\\]]*)]");

	private static final Pattern ENTRY = Pattern.compile("'scripts/bpmn-agents/([\\w-]+)'");

	private static final Pattern EXPORT = Pattern.compile("^export (?:async )?(?:function|const) (\\w+)",
			Pattern.MULTILINE);

	@Test
	void givenTheShippedModules_everyImportNamesAModuleThatExportsIt() throws Exception {
		Map<String, String> modules = modules();
		Map<String, List<String>> exports = new HashMap<>();
		modules.forEach(
				(name, source) -> exports.put(name, EXPORT.matcher(source).results().map((m) -> m.group(1)).toList()));

		assertThat(modules).containsKey("plugins.js");
		modules.forEach((name, source) -> {
			Matcher imports = IMPORT.matcher(source);
			while (imports.find()) {
				String from = imports.group(2);
				assertThat(modules).as(name + " imports " + from).containsKey(from);
				Arrays.stream(imports.group(1).split(","))
					.map(String::strip)
					.forEach((imported) -> assertThat(exports.get(from))
						.as(name + " imports " + imported + " from " + from)
						.contains(imported));
			}
		});
	}

	@Test
	void givenTheShippedModules_cockpitLoadsTheEntriesAndEveryModuleIsReachedFromOne() throws Exception {
		Map<String, String> modules = modules();
		String config = Files.readString(folder().resolveSibling("config.js"));
		Matcher scripts = CUSTOM_SCRIPTS.matcher(config);

		assertThat(scripts.find()).as("config.js lists customScripts").isTrue();
		// plugins.js is the Agent calls, runs and figures; a capability may ship its own
		// entry (quotas.js, the dashboard's Agent quotas).
		List<String> entries = ENTRY.matcher(scripts.group(1)).results().map((m) -> m.group(1) + ".js").toList();
		assertThat(entries).contains("plugins.js");
		Set<String> reached = new TreeSet<>();
		entries.forEach((entry) -> reached.addAll(reachedFrom(entry, modules)));
		assertThat(reached).as("modules loaded from " + entries).containsExactlyInAnyOrderElementsOf(modules.keySet());
	}

	@Test
	void givenTheShippedModules_whatUsersAndModelsWroteNeverBecomesMarkup() throws Exception {
		modules().forEach((name, source) -> assertThat(source).as(name)
			.doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"));
	}

	@Test
	void givenTheCallCard_everyFieldOfAGuardrailDecisionInTheTranscriptIsShownAndRefreshesTheCard() throws Exception {
		String calls = modules().get("calls.js");

		assertThat(calls).contains("entry.guardrails");
		assertEveryFieldShown(calls, GuardrailDecision.class, "decision.");
		assertThat(calls).as("the card's change signature")
			.contains("(entry.guardrails || []).map((decision) => [decision.guardrail, decision.direction, "
					+ "decision.outcome])");
	}

	@Test
	void givenTheCallCard_everyFieldOfAQuotaHoldInTheTranscriptIsShownAndRefreshesTheCard() throws Exception {
		String calls = modules().get("calls.js");

		assertThat(calls).contains("if (entry.quota) return quotaCard(entry, index);");
		assertEveryFieldShown(calls, QuotaHold.class, "hold.");
		assertThat(calls).as("the card's change signature").contains("entry.quota && entry.quota.status]");
	}

	/**
	 * The module reads each field of the transcript's record, as
	 * {@code <variable>.<field>}.
	 */
	private static void assertEveryFieldShown(String module, Class<? extends Record> type, String variable) {
		Arrays.stream(type.getRecordComponents())
			.map(RecordComponent::getName)
			.forEach((field) -> assertThat(module).as("shows " + type.getSimpleName() + "'s " + field)
				.contains(variable + field));
	}

	private static Set<String> reachedFrom(String entry, Map<String, String> modules) {
		Set<String> reached = new TreeSet<>();
		Deque<String> next = new ArrayDeque<>(List.of(entry));
		while (!next.isEmpty()) {
			String module = next.pop();
			if (reached.add(module)) {
				IMPORT.matcher(modules.getOrDefault(module, "")).results().forEach((m) -> next.push(m.group(2)));
			}
		}
		return reached;
	}

	private static Map<String, String> modules() throws IOException, URISyntaxException {
		Map<String, String> modules = new HashMap<>();
		try (Stream<Path> files = Files.list(folder())) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".js")).toList()) {
				modules.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
			}
		}
		return modules;
	}

	private static Path folder() throws URISyntaxException {
		return Path.of(CockpitPluginModulesTest.class.getClassLoader().getResource(FOLDER).toURI());
	}

}
