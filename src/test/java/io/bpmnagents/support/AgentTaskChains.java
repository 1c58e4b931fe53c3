package io.bpmnagents.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;
import org.camunda.bpm.model.bpmn.builder.ServiceTaskBuilder;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

/**
 * A process of agent tasks one after another, drawn with Camunda's fluent model API as
 * the tests need it: each step an agent task (topic {@code agent-task}) with its
 * extension properties, instead of a page of BPMN XML per test.
 */
public final class AgentTaskChains {

	private AgentTaskChains() {
	}

	/** One agent task: its id, and its properties (agent, prompt, resultVariable, …). */
	public record Step(String id, Map<String, String> properties) {

		/**
		 * A step of {@code agent} answering {@code prompt} into {@code resultVariable}.
		 */
		public static Step of(String id, String agent, String prompt, String resultVariable) {
			Map<String, String> properties = new LinkedHashMap<>();
			properties.put("agent", agent);
			properties.put("prompt", prompt);
			properties.put("resultVariable", resultVariable);
			return new Step(id, properties);
		}

		/** The same step, offered these tools (comma-separated names). */
		public Step withTools(String tools) {
			return with("tools", tools);
		}

		/** The same step with one more extension property. */
		public Step with(String name, String value) {
			Map<String, String> more = new LinkedHashMap<>(this.properties);
			more.put(name, value);
			return new Step(this.id, more);
		}

	}

	/** The process's BPMN XML: start, the steps in order, end. */
	public static String xml(String key, Step... steps) {
		return Bpmn.convertToString(model(key, steps));
	}

	public static BpmnModelInstance model(String key, Step... steps) {
		AbstractFlowNodeBuilder<?, ?> flow = Bpmn.createExecutableProcess(key)
			.camundaHistoryTimeToLive(1)
			.startEvent("Start");
		for (Step step : steps) {
			ServiceTaskBuilder task = flow.serviceTask(step.id()).camundaExternalTask("agent-task");
			CamundaProperties properties = task.getElement().getModelInstance().newInstance(CamundaProperties.class);
			step.properties().forEach((name, value) -> {
				CamundaProperty property = task.getElement().getModelInstance().newInstance(CamundaProperty.class);
				property.setCamundaName(name);
				property.setCamundaValue(value);
				properties.addChildElement(property);
			});
			task.addExtensionElement(properties);
			flow = task;
		}
		return flow.endEvent("End").done();
	}

}
