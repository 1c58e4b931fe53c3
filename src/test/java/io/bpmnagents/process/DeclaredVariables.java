package io.bpmnagents.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOut;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

/**
 * Which variables a diagram can rely on, and which ones its prompt templates use: a
 * template's {@code ${var}} must be an input its start form declares, an input a calling
 * process maps in, or a variable an element of the diagram sets (an answer, a list an
 * answer is appended to, a multi-instance element variable, an input mapping, a called
 * process's output, a form field of a user task, or what a topic's handler provides).
 */
final class DeclaredVariables {

	private static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{\\s*([^}]*)}");

	private static final Pattern FORM_FIELD = Pattern.compile("cam-variable-name=\"([A-Za-z_][A-Za-z0-9_]*)\"");

	/** What each topic's handler sets or provides to its templates itself. */
	private static final Map<String, Set<String>> PROVIDED_BY_TOPIC = Map.of("agent-plan", Set.of("plan"),
			"conversation-turn", Set.of("turn", "speaker", "turns", "status", "result", "lastSpeaker", "nextInOrder"));

	/** Set by the engine itself inside a multi-instance activity. */
	private static final Set<String> ENGINE = Set.of("loopCounter", "nrOfInstances", "nrOfCompletedInstances",
			"nrOfActiveInstances");

	private DeclaredVariables() {
	}

	/** The template variables of the diagram that nothing declares or sets. */
	static Set<String> undeclared(Path folder, BpmnModelInstance model) throws IOException {
		Set<String> known = new TreeSet<>(ENGINE);
		known.addAll(formInputs(folder, model));
		known.addAll(mappedInByCallers(folder, processId(model)));
		known.addAll(setByElements(folder, model));
		Set<String> undeclared = new TreeSet<>();
		for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
			for (CamundaProperty property : task.getModelInstance().getModelElementsByType(CamundaProperty.class)) {
				if (!isInside(property, task) || property.getCamundaValue() == null) {
					continue;
				}
				Matcher placeholder = PLACEHOLDER.matcher(property.getCamundaValue());
				while (placeholder.find()) {
					Set<String> alternatives = new TreeSet<>();
					for (String name : placeholder.group(1).split("\\|")) {
						alternatives.add(name.strip().split("[.:]")[0]);
					}
					if (alternatives.stream().noneMatch(known::contains)) {
						undeclared.add(task.getId() + ": " + String.join("|", alternatives));
					}
				}
			}
		}
		return undeclared;
	}

	private static boolean isInside(org.camunda.bpm.model.xml.instance.ModelElementInstance element, ServiceTask task) {
		for (var parent = element.getParentElement(); parent != null; parent = parent.getParentElement()) {
			if (parent == task) {
				return true;
			}
		}
		return false;
	}

	private static String processId(BpmnModelInstance model) {
		return model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class)
			.iterator()
			.next()
			.getId();
	}

	private static Set<String> formInputs(Path folder, BpmnModelInstance model) throws IOException {
		Set<String> inputs = new TreeSet<>();
		for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
			String formRef = start.getAttributeValueNs(CAMUNDA, "formRef");
			if (formRef == null) {
				continue;
			}
			try (Stream<Path> files = Files.list(folder)) {
				for (Path form : files.filter((file) -> file.toString().endsWith(".form")).toList()) {
					JsonNode json = new ObjectMapper().readTree(form.toFile());
					if (formRef.equals(json.path("id").asText())) {
						json.path("components").forEach((component) -> inputs.add(component.path("key").asText()));
					}
				}
			}
		}
		return inputs;
	}

	/** Inputs that the processes calling this one map into it. */
	private static Set<String> mappedInByCallers(Path folder, String processId) throws IOException {
		Set<String> inputs = new TreeSet<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".bpmn")).toList()) {
				BpmnModelInstance caller = Bpmn.readModelFromFile(file.toFile());
				for (CallActivity call : caller.getModelElementsByType(CallActivity.class)) {
					if (!processId.equals(call.getCalledElement())) {
						continue;
					}
					for (CamundaIn in : caller.getModelElementsByType(CamundaIn.class)) {
						if (in.getParentElement().getParentElement() == call) {
							if ("all".equals(in.getCamundaVariables())) {
								inputs.addAll(formInputs(folder, caller));
							}
							else if (in.getCamundaTarget() != null) {
								inputs.add(in.getCamundaTarget());
							}
						}
					}
				}
			}
		}
		return inputs;
	}

	private static String resultVariableBeside(CamundaProperty property) {
		return property.getParentElement()
			.getChildElementsByType(CamundaProperty.class)
			.stream()
			.filter((other) -> "resultVariable".equals(other.getCamundaName()))
			.map(CamundaProperty::getCamundaValue)
			.findFirst()
			.orElse(null);
	}

	private static Set<String> setByElements(Path folder, BpmnModelInstance model) throws IOException {
		Set<String> set = new java.util.HashSet<>();
		for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
			set.addAll(PROVIDED_BY_TOPIC.getOrDefault(task.getCamundaTopic(), Set.of()));
		}
		for (CamundaProperty property : model.getModelElementsByType(CamundaProperty.class)) {
			String value = property.getCamundaValue();
			switch (String.valueOf(property.getCamundaName())) {
				case "resultVariable", "appendTo", "targetVariable" -> set.add(value);
				// answerOneOf also records whether the fallback was taken
				case "answerOneOf" -> set.add(resultVariableBeside(property) + "Fallback");
				// answerFields: "verdict: pass|revise, feedback" sets verdict and
				// feedback
				case "answerFields" -> {
					for (String field : value.split(",")) {
						set.add(field.split(":")[0].strip());
					}
				}
				default -> {
				}
			}
		}
		model.getModelElementsByType(MultiInstanceLoopCharacteristics.class)
			.forEach((loop) -> set.add(loop.getCamundaElementVariable()));
		model.getModelElementsByType(CamundaInputParameter.class)
			.forEach((parameter) -> set.add(parameter.getCamundaName()));
		model.getModelElementsByType(CamundaOut.class).forEach((out) -> set.add(out.getCamundaTarget()));
		for (UserTask task : model.getModelElementsByType(UserTask.class)) {
			String formKey = task.getCamundaFormKey();
			if (formKey != null && formKey.startsWith("embedded:deployment:")) {
				Matcher field = FORM_FIELD
					.matcher(Files.readString(folder.resolve(formKey.substring("embedded:deployment:".length()))));
				while (field.find()) {
					set.add(field.group(1));
				}
			}
		}
		set.remove(null);
		return new TreeSet<>(set);
	}

}
