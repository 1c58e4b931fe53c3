package io.bpmnagents.task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.modeler.GeneratedFiles;
import io.bpmnagents.pattern.conversation.Conversation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Modeler's element templates, as generated from the declaration
 * ({@link GeneratedFiles}), bind only the extension properties the code reads, and each
 * template binds the ones its task needs: a misspelt or forgotten binding would be
 * ignored at run time (the engine keeps any extension property), so it fails here.
 */
class ElementTemplatesTest {

	private static final Path TEMPLATES = Path.of("processes/.camunda/element-templates/agent-tasks.json");

	@Test
	void everyPropertyATemplateBindsIsOneItsTaskReads() throws IOException {
		List<String> unknown = new ArrayList<>();
		for (JsonNode template : templates()) {
			Set<String> read = readBy(template);
			for (String name : bound(template)) {
				if (!read.contains(name) && !name.startsWith(AgentTaskConfig.ENTRY_PREFIX)) {
					unknown.add(template.path("name").asText() + ": " + name);
				}
			}
		}

		assertThat(unknown).as("bindings no code reads").isEmpty();
	}

	@Test
	void everyAgentTaskTemplateBindsTheAgentAndThePrompt() throws IOException {
		for (JsonNode template : templates()) {
			String topic = topic(template);
			if ("agent-task".equals(topic) || "agent-plan".equals(topic)) {
				assertThat(bound(template)).as(template.path("name").asText())
					.contains(AgentTaskConfig.AGENT, AgentTaskConfig.PROMPT);
			}
			if ("agent-task".equals(topic)) {
				assertThat(bound(template)).as(template.path("name").asText())
					.contains(AgentTaskConfig.RESULT_VARIABLE);
			}
			if ("conversation-turn".equals(topic)) {
				assertThat(bound(template)).as(template.path("name").asText()).contains(AgentTaskConfig.PROMPT);
			}
		}
	}

	@Test
	void theAgentTaskTemplatesOfferEveryPropertyTheirTaskReads() throws IOException {
		for (JsonNode template : templates()) {
			String name = template.path("name").asText();
			if ("Agent task".equals(name) || "Conversation turn".equals(name)) {
				assertThat(bound(template)).as(name).containsAll(readBy(template));
			}
		}
	}

	@Test
	void aMisspeltBindingIsFound() throws IOException {
		JsonNode template = new ObjectMapper().readTree("""
				{"name": "Typo", "properties": [
				  {"value": "agent-task", "binding": {"type": "property", "name": "camunda:topic"}},
				  {"binding": {"type": "camunda:property", "name": "resultVaraible"}}]}
				""");

		assertThat(bound(template)).containsExactly("resultVaraible");
		assertThat(readBy(template)).doesNotContain("resultVaraible");
	}

	/**
	 * What the task a template makes reads: by its topic, or a process called as a tool.
	 */
	private static Set<String> readBy(JsonNode template) {
		return switch (topic(template)) {
			case "conversation-turn" -> Conversation.TURN_PROPERTIES;
			case "agent-task", "agent-plan" -> AgentTaskConfig.PROPERTIES;
			default -> Set.of(ToolCallActivity.MARKER);
		};
	}

	private static String topic(JsonNode template) {
		for (JsonNode property : template.path("properties")) {
			if ("camunda:topic".equals(property.path("binding").path("name").asText())) {
				return property.path("value").asText();
			}
		}
		return "";
	}

	private static List<String> bound(JsonNode template) {
		List<String> names = new ArrayList<>();
		for (JsonNode property : template.path("properties")) {
			JsonNode binding = property.path("binding");
			if ("camunda:property".equals(binding.path("type").asText())) {
				names.add(binding.path("name").asText());
			}
		}
		return names;
	}

	private static List<JsonNode> templates() throws IOException {
		List<JsonNode> templates = new ArrayList<>();
		new ObjectMapper().readTree(GeneratedFiles.contents().get(TEMPLATES)).forEach(templates::add);
		assertThat(templates).hasSizeGreaterThan(5);
		return templates;
	}

}
