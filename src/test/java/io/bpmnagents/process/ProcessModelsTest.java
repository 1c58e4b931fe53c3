package io.bpmnagents.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.modeler.AgentTaskProperty;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOut;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BPMN files are the product's source: each must open in the Modeler laid out, name
 * every element in plain words with meaningful ids, and configure its templated agent
 * tasks as the Modeler's element templates would.
 */
class ProcessModelsTest {

	private static final Path PROCESSES = Path.of("processes");

	private static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";

	private static final Path TEMPLATES = PROCESSES.resolve(".camunda/element-templates");

	static Stream<Path> models() throws IOException {
		// The examples in subfolders (processes/examples/...) are shipped diagrams too.
		try (Stream<Path> files = Files.walk(PROCESSES)) {
			return files.filter((file) -> file.toString().endsWith(".bpmn")).sorted().toList().stream();
		}
	}

	@ParameterizedTest
	@MethodSource("models")
	void theProcessIdIsTheFileNameAndHistoryIsKeptForAWhile(Path file) {
		Process process = single(read(file), Process.class);

		assertThat(process.getId() + ".bpmn").isEqualTo(file.getFileName().toString());
		assertThat(process.isExecutable()).isTrue();
		assertThat(process.getCamundaHistoryTimeToLiveString()).isNotBlank();
		assertThat(process.getName()).isNotBlank();
	}

	@ParameterizedTest
	@MethodSource("models")
	void everyElementHasAPlainNameAMeaningfulIdAndAPlaceInTheDiagram(Path file) {
		BpmnModelInstance model = read(file);
		List<String> drawn = model.getModelElementsByType(BpmnShape.class)
			.stream()
			.map((shape) -> shape.getBpmnElement().getId())
			.toList();

		for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
			assertThat(node.getName()).as("name of %s in %s", node.getId(), file).isNotBlank();
			assertMeaningfulId(node, file);
			assertThat(drawn).as("diagram shape of %s in %s", node.getId(), file).contains(node.getId());
		}
		for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
			assertMeaningfulId(flow, file);
		}
	}

	@ParameterizedTest
	@MethodSource("models")
	void theDiagramReadsFromLeftToRight(Path file) {
		BpmnModelInstance model = read(file);
		for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
			if (flow.getSource().getParentElement() != flow.getTarget().getParentElement()) {
				continue;
			}
			double from = x(model, flow.getSource());
			double to = x(model, flow.getTarget());
			boolean loopBack = flow.getName() != null || flow.getId().contains("Back") || flow.getId().contains("Again")
					|| flow.getId().contains("Loop") || flow.getId().contains("Repair")
					|| flow.getId().contains("Retry") || flow.getId().contains("Next");
			if (!loopBack) {
				assertThat(to).as("%s runs left to right in %s", flow.getId(), file).isGreaterThanOrEqualTo(from);
			}
		}
	}

	@ParameterizedTest
	@MethodSource("models")
	void templatedAgentTasksCarryWhatTheirTemplateRequires(Path file) throws IOException {
		Map<String, JsonNode> templates = templates();
		for (ServiceTask task : read(file).getModelElementsByType(ServiceTask.class)) {
			String templateId = task.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "modelerTemplate");
			if (templateId == null) {
				continue;
			}
			JsonNode template = templates.get(templateId);
			assertThat(template).as("template %s of %s in %s", templateId, task.getId(), file).isNotNull();
			Map<String, String> properties = extensionProperties(task);
			for (JsonNode property : template.path("properties")) {
				JsonNode binding = property.path("binding");
				String name = binding.path("name").asText();
				if ("Hidden".equals(property.path("type").asText())) {
					String actual = "camunda:property".equals(binding.path("type").asText()) ? properties.get(name)
							: task.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", name.substring(8));
					assertThat(actual).as("%s of %s in %s", name, task.getId(), file)
						.isEqualTo(property.path("value").asText());
				}
				if (property.path("constraints").path("notEmpty").asBoolean()) {
					assertThat(properties.get(name)).as("%s of %s in %s", name, task.getId(), file).isNotBlank();
				}
			}
		}
	}

	/**
	 * A property the code does not know would be ignored at run time; the Modeler lets
	 * anyone type one under Extension properties.
	 */
	@ParameterizedTest
	@MethodSource("models")
	void everyPropertyOfAnExternalTaskIsADeclaredOne(Path file) {
		Set<String> declared = Stream.of(AgentTaskProperty.values())
			.map(AgentTaskProperty::key)
			.collect(Collectors.toSet());
		for (ServiceTask task : read(file).getModelElementsByType(ServiceTask.class)) {
			if ("external".equals(task.getCamundaType())) {
				assertThat(extensionProperties(task).keySet()).as("properties of %s in %s", task.getId(), file)
					.allMatch((name) -> declared.contains(name) || name.startsWith(AgentTaskProperty.ENTRY.key()));
			}
		}
	}

	@ParameterizedTest
	@MethodSource("models")
	void templatedCallActivitiesCallWhatTheirTemplateNamesWithItsMappings(Path file) throws IOException {
		Map<String, JsonNode> templates = templates();
		for (CallActivity call : read(file).getModelElementsByType(CallActivity.class)) {
			String templateId = call.getAttributeValueNs(CAMUNDA, "modelerTemplate");
			if (templateId == null) {
				continue;
			}
			JsonNode template = templates.get(templateId);
			assertThat(template).as("template %s of %s in %s", templateId, call.getId(), file).isNotNull();
			List<CamundaIn> ins = call.getExtensionElements().getElementsQuery().filterByType(CamundaIn.class).list();
			List<CamundaOut> outs = call.getExtensionElements()
				.getElementsQuery()
				.filterByType(CamundaOut.class)
				.list();
			for (JsonNode property : template.path("properties")) {
				JsonNode binding = property.path("binding");
				if (binding.has("variables")) {
					// camunda:in / camunda:out variables="all" local="true"
					boolean local = "local".equals(binding.path("variables").asText());
					List<String> mapped = "camunda:in".equals(binding.path("type").asText())
							? ins.stream().map((in) -> in.getCamundaVariables() + ":" + in.getCamundaLocal()).toList()
							: outs.stream()
								.map((out) -> out.getCamundaVariables() + ":" + out.getCamundaLocal())
								.toList();
					assertThat(mapped).as("%s of %s in %s", binding, call.getId(), file).contains("all:" + local);
					continue;
				}
				switch (binding.path("type").asText()) {
					case "property" ->
						assertThat(call.getCalledElement()).as("calledElement of %s in %s", call.getId(), file)
							.isEqualTo(property.path("value").asText());
					case "camunda:property" -> assertThat(extensionProperties(call).get(binding.path("name").asText()))
						.as("%s of %s in %s", binding.path("name").asText(), call.getId(), file)
						.isEqualTo(property.path("value").asText());
					case "camunda:in" -> assertThat(ins)
						.extracting((in) -> in.getCamundaTarget() + " <- "
								+ (binding.path("expression").asBoolean() ? "(expression)" : in.getCamundaSource()))
						.as("inputs of %s in %s", call.getId(), file)
						.contains(binding.path("target").asText() + " <- " + (binding.path("expression").asBoolean()
								? "(expression)" : property.path("value").asText()));
					case "camunda:out" ->
						assertThat(outs).extracting((out) -> out.getCamundaSource() + " -> " + out.getCamundaTarget())
							.as("outputs of %s in %s", call.getId(), file)
							.contains(binding.path("source").asText() + " -> " + property.path("value").asText());
					default -> throw new AssertionError("Unexpected binding " + binding);
				}
			}
		}
	}

	@ParameterizedTest
	@MethodSource("models")
	void everyVariableAPromptUsesIsDeclaredAsAnInputOrSetByAnElement(Path file) throws IOException {
		assertThat(DeclaredVariables.undeclared(file.getParent(), read(file))).as("template variables of %s", file)
			.isEmpty();
	}

	@Test
	void aPromptVariableThatNothingDeclaresIsFound() throws IOException {
		String xml = Files.readString(PROCESSES.resolve("sequential-pipeline.bpmn"))
			.replace("${result|task}", "${draft|summary}");
		BpmnModelInstance model = Bpmn.readModelFromStream(new java.io.ByteArrayInputStream(xml.getBytes()));

		assertThat(DeclaredVariables.undeclared(PROCESSES, model)).containsExactly("Task_Stage: draft|summary");
	}

	@ParameterizedTest
	@MethodSource("models")
	void aStartFormIsDeployedBesideItsDiagram(Path file) throws IOException {
		for (org.camunda.bpm.model.bpmn.instance.StartEvent start : read(file)
			.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.StartEvent.class)) {
			String formRef = start.getAttributeValueNs(CAMUNDA, "formRef");
			if (formRef != null) {
				assertThat(start.getAttributeValueNs(CAMUNDA, "formRefBinding")).isEqualTo("deployment");
				JsonNode form = new ObjectMapper()
					.readTree(file.resolveSibling(formRef.replace("-start", ".form")).toFile());
				assertThat(form.path("id").asText()).isEqualTo(formRef);
			}
		}
	}

	private static void assertMeaningfulId(BaseElement element, Path file) {
		assertThat(element.getId()).as("id in %s", file)
			.doesNotMatch(".*_[0-9a-z]{7}$")
			.doesNotStartWith("Activity_")
			.doesNotStartWith("Gateway_0")
			.doesNotStartWith("Flow_0")
			.doesNotStartWith("Event_");
	}

	private static double x(BpmnModelInstance model, FlowElement element) {
		return model.getModelElementsByType(BpmnShape.class)
			.stream()
			.filter((shape) -> shape.getBpmnElement() == element)
			.findFirst()
			.orElseThrow()
			.getBounds()
			.getX();
	}

	/** The element's camunda:property values by name (none: empty). */
	private static Map<String, String> extensionProperties(BaseElement element) {
		Map<String, String> properties = new HashMap<>();
		if (element.getExtensionElements() != null) {
			element.getExtensionElements()
				.getElementsQuery()
				.filterByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties.class)
				.list()
				.forEach((container) -> container.getCamundaProperties()
					.forEach((CamundaProperty property) -> properties.put(property.getCamundaName(),
							property.getCamundaValue())));
		}
		return properties;
	}

	private static Map<String, JsonNode> templates() throws IOException {
		Map<String, JsonNode> templates = new HashMap<>();
		try (Stream<Path> files = Files.list(TEMPLATES)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".json")).toList()) {
				for (JsonNode template : new ObjectMapper().readTree(file.toFile())) {
					templates.put(template.path("id").asText(), template);
				}
			}
		}
		return templates;
	}

	private static BpmnModelInstance read(Path file) {
		BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
		Bpmn.validateModel(model);
		return model;
	}

	private static <T extends org.camunda.bpm.model.xml.instance.ModelElementInstance> T single(BpmnModelInstance model,
			Class<T> type) {
		return model.getModelElementsByType(type).iterator().next();
	}

}
