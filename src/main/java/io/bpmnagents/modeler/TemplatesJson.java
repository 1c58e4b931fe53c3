package io.bpmnagents.modeler;

import java.util.EnumSet;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.bpmnagents.modeler.AgentTaskProperty.Type;
import io.bpmnagents.modeler.ElementTemplate.Settings;

/**
 * Writes the element templates as Camunda Modeler reads them (Camunda 7 templates, the
 * schema of {@code @camunda/element-templates-json-schema}), in a stable layout so the
 * checked-in file can be compared with a fresh one.
 */
final class TemplatesJson {

	static final String SCHEMA = "https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json";

	private static final ObjectMapper JSON = new ObjectMapper();

	/** Asked of every template whose task may end in a parallel join. */
	private static final String COMMIT_IN_OWN_JOB = """
			{"label": "Commit the answer in its own job", "type": "Boolean", "value": false,
			 "binding": {"type": "property", "name": "camunda:asyncAfter"}, "group": "execution",
			 "description": "Tick inside parallel branches and parallel multi-instance: the join then runs in its own job, so a conflict at the join never repeats the model call."}
			""";

	private TemplatesJson() {
	}

	static String render() {
		ArrayNode templates = JSON.createArrayNode();
		for (ElementTemplate template : ElementTemplate.values()) {
			templates.add(template(template));
		}
		DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
		DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
			.withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
		printer.indentObjectsWith(indenter);
		printer.indentArraysWith(indenter);
		try {
			return JSON.writer(printer).writeValueAsString(templates) + "\n";
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ObjectNode template(ElementTemplate template) {
		Settings settings = template.settings();
		ArrayNode properties = JSON.createArrayNode();
		if (template.topic() != null) {
			properties.add(hidden("external", "property", "camunda:type"));
			properties.add(hidden(template.topic(), "property", "camunda:topic"));
		}
		settings.fixed.forEach((property, value) -> properties.add(hidden(value, "camunda:property", property.key())));
		for (AgentTaskProperty property : template.properties()) {
			properties.add((property.type() == Type.HIDDEN)
					? hidden(property.value(), "camunda:property", property.key()) : field(property, settings));
		}
		if (settings.commitInOwnJob) {
			properties.add(parse(COMMIT_IN_OWN_JOB));
		}
		parse(settings.entries).forEach(properties::add);

		ObjectNode json = JSON.createObjectNode();
		json.put("$schema", SCHEMA);
		json.put("name", template.label());
		json.put("id", template.id());
		json.put("version", template.version());
		json.put("description", template.description());
		ArrayNode appliesTo = json.putArray("appliesTo").add("bpmn:Task");
		if (template.topic() == null) {
			appliesTo.add("bpmn:CallActivity");
		}
		json.putObject("elementType")
			.put("value", (template.topic() != null) ? "bpmn:ServiceTask" : "bpmn:CallActivity");
		Set<Group> groups = groups(properties);
		if (!groups.isEmpty()) {
			ArrayNode list = json.putArray("groups");
			groups.forEach((group) -> list.addObject().put("id", group.id()).put("label", group.label()));
		}
		json.set("properties", properties);
		return json;
	}

	private static ObjectNode field(AgentTaskProperty property, Settings settings) {
		String value = settings.presets.getOrDefault(property, property.value());
		boolean required = property.required() || settings.presets.containsKey(property);
		ObjectNode field = JSON.createObjectNode();
		field.put("label", property.label());
		field.put("type", property.type().modeler());
		if (value != null) {
			field.put("value", value);
		}
		if (!property.type().choices().isEmpty()) {
			ArrayNode choices = field.putArray("choices");
			property.type()
				.choices()
				.forEach((name, choice) -> choices.addObject().put("name", name).put("value", choice));
		}
		field.putObject("binding").put("type", "camunda:property").put("name", property.key());
		field.put("group", property.group().id());
		field.put("description", description(property, required, settings));
		if (required) {
			field.putObject("constraints").put("notEmpty", true);
		}
		return field;
	}

	/**
	 * The declared description, marked optional where it is, with the template's note.
	 */
	private static String description(AgentTaskProperty property, boolean required, Settings settings) {
		boolean optional = !required && property.type() == Type.STRING;
		String note = settings.notes.get(property);
		return (optional ? "Optional. " : "") + settings.descriptions.getOrDefault(property, property.description())
				+ ((note != null) ? " " + note : "");
	}

	private static ObjectNode hidden(String value, String bindingType, String name) {
		ObjectNode hidden = JSON.createObjectNode().put("type", "Hidden").put("value", value);
		hidden.putObject("binding").put("type", bindingType).put("name", name);
		return hidden;
	}

	private static Set<Group> groups(ArrayNode properties) {
		Set<Group> groups = EnumSet.noneOf(Group.class);
		for (JsonNode property : properties) {
			for (Group group : Group.values()) {
				if (group.id().equals(property.path("group").asText())) {
					groups.add(group);
				}
			}
		}
		return groups;
	}

	private static JsonNode parse(String json) {
		try {
			return JSON.readTree(json);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A template's entries are not JSON: " + json, ex);
		}
	}

}
