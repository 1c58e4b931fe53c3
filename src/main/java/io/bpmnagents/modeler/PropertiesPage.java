package io.bpmnagents.modeler;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.bpmnagents.modeler.ElementTemplate.Settings;

/**
 * Writes {@code docs/agent-task-properties.md}, the reference of the agent task's
 * properties and templates, from the same declaration as the templates.
 */
final class PropertiesPage {

	private PropertiesPage() {
	}

	static String render() {
		StringBuilder page = new StringBuilder();
		page.append("# Agent task properties\n\n");
		page.append(
				"_Generated from `AgentTaskProperty` and `ElementTemplate` (`src/main/java/io/bpmnagents/modeler/`);"
						+ " do not edit: change the declaration and run `")
			.append(GeneratedFiles.REGENERATE)
			.append("`. `GeneratedFilesTest` fails while this page or the element templates differ from it._\n\n");
		page.append("""
				What a modeller sets on an agent task: `camunda:property` extension properties, offered by the \
				element templates in `processes/.camunda/element-templates/agent-tasks.json` (Camunda Modeler \
				finds them when it opens `processes/`) or set under *Extension properties*. They are plain \
				strings: the engine never evaluates them; a task fills their `${...}` placeholders as text. A \
				template that presets a property also requires it.

				## Properties

				| Property | Label in the Modeler | Type | Required | Modeler default | Offered by | What it does |
				|---|---|---|---|---|---|---|
				""");
		for (AgentTaskProperty property : AgentTaskProperty.values()) {
			String key = property.key().endsWith(".") ? property.key() + "<field>" : property.key();
			page.append("| ")
				.append(code(key))
				.append(" | ")
				.append(text(property.label()))
				.append(" | ")
				.append(property.type().modeler())
				.append(property.type().choices().isEmpty() ? ""
						: property.type().choices().keySet().stream().collect(Collectors.joining("/", " (", ")")))
				.append(" | ")
				.append(property.required() ? "yes" : "no")
				.append(" | ")
				.append((property.value() != null) ? code(property.value()) : "")
				.append(" | ")
				.append(property.templates().stream().map(ElementTemplate::label).collect(Collectors.joining(", ")))
				.append(" | ")
				.append(text(property.description()))
				.append(" |\n");
		}
		page.append("""

				## Templates

				| Template | Id (version) | Element | Presets | What it is for |
				|---|---|---|---|---|
				""");
		for (ElementTemplate template : ElementTemplate.values()) {
			page.append("| ")
				.append(template.label())
				.append(" | ")
				.append(code(template.id()))
				.append(" (")
				.append(template.version())
				.append(") | ")
				.append((template.topic() != null) ? "service task, topic " + code(template.topic()) : "call activity")
				.append(" | ")
				.append(presets(template.settings()))
				.append(" | ")
				.append(text(template.description()))
				.append(" |\n");
		}
		page.append("""

				## How this page and the templates are made

				- `AgentTaskProperty` declares each property once; the code reads the properties by its names. \
				`ElementTemplate` says what each template is for, what it presets, and its bindings that are no \
				extension property (the external task's topic, a call activity's called element and variables).
				- `GeneratedFiles` writes this page and the templates (Jackson writes the JSON); the build runs it in \
				`process-classes` (exec-maven-plugin), writing into `target/modeler/`.
				- `GeneratedFilesTest` fails while the checked-in files differ from the generated ones; \
				`ElementTemplatesTest`, while a template binds a property its task does not read or leaves out one it \
				does; `ElementTemplatesSchemaTest`, while a template breaks Camunda 7's element template schema \
				(`@camunda/element-templates-json-schema`, checked with networknt's json-schema-validator), which the \
				Modeler enforces; `ProcessModelsTest`, while a shipped diagram sets a property nobody declared.
				- Camunda 7 templates allow only String, Hidden and Dropdown fields for an extension property: the \
				prompt is a one-line field in the Modeler (the line breaks of a preset prompt are kept), and a yes/no \
				property is a dropdown.
				""");
		return page.toString();
	}

	/**
	 * Short presets with their value, long ones (prompts, schemas) by name; hidden values
	 * too.
	 */
	private static String presets(Settings settings) {
		Map<AgentTaskProperty, String> presets = new EnumMap<>(AgentTaskProperty.class);
		presets.putAll(settings.fixed);
		presets.putAll(settings.presets);
		return presets.entrySet()
			.stream()
			.map((preset) -> (preset.getValue().contains("\n") || preset.getValue().length() > 40)
					? code(preset.getKey().key()) : code(preset.getKey().key() + " = " + preset.getValue()))
			.collect(Collectors.joining(", "));
	}

	private static String code(String text) {
		return "`" + text.replace("|", "\\|") + "`";
	}

	private static String text(String text) {
		return text.replace("|", "\\|").replace("<", "&lt;");
	}

}
