package io.bpmnagents.contract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.bpmnagents.process.ExtensionProperties;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.CamundaFormDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.variable.value.ObjectValue;
import org.camunda.bpm.engine.variable.value.TypedValue;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads each process's contract when its BPMN is parsed (on deployment, and again when
 * the engine loads the definition after a restart) and keeps it on the process
 * definition, where {@link Contracts} finds it. The contract's inputs come from the start
 * form deployed with the diagram ({@code camunda:formRef} or
 * {@code camunda-forms:deployment:…}), or else the latest version of the form it names; a
 * start listener applies it to every run.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ContractParseListener extends AbstractBpmnParseListener {

	/** The property of a parsed process definition that holds its contract. */
	static final String CONTRACT = "bpmn-agents.contract";

	private static final String HANDS_INPUT_TO = "bpmn-agents.handsInputTo";

	private static final String FORMS_KEY = "camunda-forms:deployment:";

	private static final ObjectMapper JSON = new ObjectMapper();

	private final Supplier<InputCheck> check;

	@Override
	public void parseCallActivity(Element element, ScopeImpl scope, ActivityImpl activity) {
		String called = element.attribute("calledElement");
		if (called == null || called.contains("${") || called.contains("#{") || !passesAllVariables(element)) {
			return;
		}
		handsInputTo(scope.getProcessDefinition()).add(called);
	}

	@Override
	public void parseProcess(Element processElement, ProcessDefinitionEntity definition) {
		String form = startForm(processElement, definition);
		ProcessContract contract = FormContracts.parse(form, ExtensionProperties.of(processElement),
				List.copyOf(handsInputTo(definition)));
		definition.setProperty(CONTRACT, contract);
		if (!contract.inputs().isEmpty()) {
			definition.addBuiltInListener(ExecutionListener.EVENTNAME_START,
					(ExecutionListener) (execution) -> apply(contract, execution));
		}
	}

	private void apply(ProcessContract contract, org.camunda.bpm.engine.delegate.DelegateExecution execution) {
		Map<String, Object> given = new HashMap<>();
		contract.inputs().forEach((field) -> given.put(field.name(), execution.getVariable(field.name())));
		Map<String, TypedValue> checked = this.check.get().check(contract, given);
		checked.forEach((name, value) -> {
			if (!alreadyStored(execution.getVariableTyped(name), value)) {
				execution.setVariable(name, value);
			}
		});
	}

	/** Whether the variable already holds the checked value the way it should be kept. */
	private static boolean alreadyStored(TypedValue current, TypedValue checked) {
		if (current == null || current.getValue() == null) {
			return false;
		}
		if (checked instanceof ObjectValue) {
			return current instanceof ObjectValue object && object.getSerializationDataFormat() != null
					&& object.getSerializationDataFormat().contains("json")
					&& current.getValue().equals(checked.getValue());
		}
		return current.getType() == checked.getType() && current.getValue().equals(checked.getValue());
	}

	@SuppressWarnings("unchecked")
	private static List<String> handsInputTo(org.camunda.bpm.engine.impl.pvm.process.ProcessDefinitionImpl definition) {
		Object list = definition.getProperty(HANDS_INPUT_TO);
		if (list == null) {
			list = new ArrayList<String>();
			definition.setProperty(HANDS_INPUT_TO, list);
		}
		return (List<String>) list;
	}

	private static boolean passesAllVariables(Element callActivity) {
		Element extensions = callActivity.element("extensionElements");
		return extensions != null && extensions.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "in")
			.stream()
			.anyMatch((in) -> "all".equals(in.attribute("variables")));
	}

	/** The start form's JSON from the diagram's own deployment, or {@code null}. */
	private static String startForm(Element processElement, ProcessDefinitionEntity definition) {
		for (Element start : processElement.elements("startEvent")) {
			if (!start.elements().stream().noneMatch((child) -> child.getTagName().endsWith("EventDefinition"))) {
				continue;
			}
			String formKey = start.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "formKey");
			String formRef = start.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "formRef");
			if (formKey != null && formKey.startsWith(FORMS_KEY)) {
				return resource(definition, (name, bytes) -> name.equals(formKey.substring(FORMS_KEY.length())));
			}
			if (formRef != null && !formRef.isBlank()) {
				String own = resource(definition,
						(name, bytes) -> name.endsWith(".form") && formRef.equals(formId(bytes)));
				return (own != null) ? own : latestForm(formRef);
			}
		}
		return null;
	}

	private static String resource(ProcessDefinitionEntity definition,
			java.util.function.BiPredicate<String, byte[]> wanted) {
		DeploymentEntity deployment = Context.getCommandContext()
			.getDeploymentManager()
			.findDeploymentById(definition.getDeploymentId());
		if (deployment == null || deployment.getResources() == null) {
			return null;
		}
		for (ResourceEntity resource : deployment.getResources().values()) {
			if (wanted.test(resource.getName(), resource.getBytes())) {
				return new String(resource.getBytes(), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	/**
	 * A form deployed on its own before the diagram (binding "latest", the Modeler's
	 * default): its latest version when the diagram is parsed.
	 */
	private static String latestForm(String formRef) {
		CommandContext context = Context.getCommandContext();
		CamundaFormDefinitionEntity form = context.getCamundaFormDefinitionManager().findLatestDefinitionByKey(formRef);
		if (form == null) {
			return null;
		}
		ResourceEntity resource = context.getResourceManager()
			.findResourceByDeploymentIdAndResourceName(form.getDeploymentId(), form.getResourceName());
		return (resource != null) ? new String(resource.getBytes(), StandardCharsets.UTF_8) : null;
	}

	private static String formId(byte[] form) {
		try {
			return JSON.readTree(form).path("id").asText(null);
		}
		catch (java.io.IOException ex) {
			return null;
		}
	}

}
