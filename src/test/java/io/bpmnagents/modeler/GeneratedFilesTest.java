package io.bpmnagents.modeler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Modeler's element templates and the properties page in the repository are the ones
 * generated from {@link AgentTaskProperty}: nobody edits a copy by hand, so no property
 * is described twice or bound under a name the code does not read.
 */
class GeneratedFilesTest {

	@Test
	void theCheckedInFilesAreTheGeneratedOnes() throws IOException {
		assertThat(stale(Path.of("."))).as("run %s and commit the result", GeneratedFiles.REGENERATE).isEmpty();
	}

	@Test
	void aFileEditedByHandIsFoundAndRegeneratingRepairsIt(@TempDir Path copy) throws IOException {
		GeneratedFiles.main(new String[] { copy.toString() });
		Path page = copy.resolve(GeneratedFiles.PAGE);
		Files.writeString(page, Files.readString(page).replace("| `fallback` |", "| `fallbackChoice` |"));

		assertThat(stale(copy)).containsExactly(GeneratedFiles.PAGE);

		GeneratedFiles.main(new String[] { copy.toString() });
		assertThat(stale(copy)).isEmpty();
	}

	@Test
	void theTemplatesKeepTheIdsAndVersionsDiagramsReferTo() throws IOException {
		Map<String, Integer> versions = new LinkedHashMap<>();
		templates().forEach((template) -> versions.put(template.path("id").asText(), template.path("version").asInt()));

		assertThat(versions).containsExactly(Map.entry("io.bpmnagents.AgentTask", 1),
				Map.entry("io.bpmnagents.AgentSynthesis", 1), Map.entry("io.bpmnagents.AgentJudge", 1),
				Map.entry("io.bpmnagents.AgentEvaluator", 1), Map.entry("io.bpmnagents.AgentClassifier", 1),
				Map.entry("io.bpmnagents.AgentPlan", 3), Map.entry("io.bpmnagents.ConversationTurn", 2),
				Map.entry("io.bpmnagents.ResultApproval", 2), Map.entry("io.bpmnagents.ToolProcesses", 1),
				Map.entry("io.bpmnagents.RunDeadline", 1));
	}

	@Test
	void aPropertyATemplatePresetsIsRequiredThereAndOptionalElsewhere() throws IOException {
		JsonNode classifier = field(ElementTemplate.AGENT_CLASSIFIER.id(), AgentTaskProperty.ANSWER_ONE_OF);
		JsonNode task = field(ElementTemplate.AGENT_TASK.id(), AgentTaskProperty.ANSWER_ONE_OF);

		assertThat(classifier.path("value").asText()).isEqualTo("${routes}");
		assertThat(classifier.path("constraints").path("notEmpty").asBoolean()).isTrue();
		assertThat(classifier.path("description").asText()).isEqualTo(AgentTaskProperty.ANSWER_ONE_OF.description());
		assertThat(task.has("value")).isFalse();
		assertThat(task.has("constraints")).isFalse();
		assertThat(task.path("description").asText())
			.isEqualTo("Optional. " + AgentTaskProperty.ANSWER_ONE_OF.description());
	}

	@Test
	void everyTemplateDescribesTheDeclaredPropertiesItOffersAsDeclared() throws IOException {
		for (ElementTemplate template : ElementTemplate.values()) {
			JsonNode json = template(template.id());
			for (AgentTaskProperty property : template.properties()) {
				JsonNode field = field(json, property);
				assertThat(field).as("%s offers %s", template.label(), property.key()).isNotNull();
				if (property.type() != AgentTaskProperty.Type.HIDDEN
						&& !template.settings().descriptions.containsKey(property)) {
					assertThat(field.path("description").asText()).as(property.key()).contains(property.description());
				}
			}
		}
	}

	@Test
	void thePageListsEveryPropertyInATableRowOfItsOwn() {
		String page = GeneratedFiles.contents().get(GeneratedFiles.PAGE);

		for (AgentTaskProperty property : AgentTaskProperty.values()) {
			assertThat(page).contains("\n| `" + property.key());
		}
		// A | inside a cell would split it: escaped.
		assertThat(page).contains("e.g. 'verdict: pass\\|revise, feedback'")
			.contains("| `entry.<field>` |")
			.contains("'&lt;result variable>Fallback'");
		assertThat(
				page.lines().filter((line) -> line.startsWith("| `")).map((line) -> line.split("(?<!\\\\)\\|").length))
			.as("cells per property row")
			.containsOnly(8);
	}

	/** The generated files whose checked-in copy under root differs or is missing. */
	private static List<Path> stale(Path root) throws IOException {
		List<Path> stale = new ArrayList<>();
		for (Map.Entry<Path, String> file : GeneratedFiles.contents().entrySet()) {
			Path checkedIn = root.resolve(file.getKey());
			if (!Files.exists(checkedIn) || !Files.readString(checkedIn).equals(file.getValue())) {
				stale.add(file.getKey());
			}
		}
		return stale;
	}

	private static JsonNode templates() throws IOException {
		return new ObjectMapper().readTree(GeneratedFiles.contents().get(GeneratedFiles.TEMPLATES));
	}

	private static JsonNode template(String id) throws IOException {
		for (JsonNode template : templates()) {
			if (template.path("id").asText().equals(id)) {
				return template;
			}
		}
		throw new AssertionError("no template " + id);
	}

	private static JsonNode field(String templateId, AgentTaskProperty property) throws IOException {
		return field(template(templateId), property);
	}

	private static JsonNode field(JsonNode template, AgentTaskProperty property) {
		for (JsonNode field : template.path("properties")) {
			JsonNode binding = field.path("binding");
			if ("camunda:property".equals(binding.path("type").asText())
					&& property.key().equals(binding.path("name").asText())) {
				return field;
			}
		}
		return null;
	}

}
