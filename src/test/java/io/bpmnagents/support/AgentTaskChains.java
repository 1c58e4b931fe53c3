package io.bpmnagents.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;
import org.camunda.bpm.model.bpmn.builder.MultiInstanceLoopCharacteristicsBuilder;
import org.camunda.bpm.model.bpmn.builder.ServiceTaskBuilder;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

/**
 * A process of agent tasks one after another, drawn with Camunda's fluent model API as
 * the tests need it: each step an agent task (topic {@code agent-task}) with its
 * extension properties, instead of a page of BPMN XML per test. {@link #chain} leaves the
 * flow open, so a test can go on drawing (a person's task, a boundary event) before
 * {@code done()}.
 */
public final class AgentTaskChains {

	private AgentTaskChains() {
	}

	/**
	 * One agent task: its id, its properties (agent, prompt, resultVariable, …) and, for
	 * a parallel multi-instance, what it loops over.
	 */
	public record Step(String id, Map<String, String> properties, Loop loop) {

		/**
		 * A step of {@code agent} answering {@code prompt} into {@code resultVariable}.
		 */
		public static Step of(String id, String agent, String prompt, String resultVariable) {
			Map<String, String> properties = new LinkedHashMap<>();
			properties.put("agent", agent);
			properties.put("prompt", prompt);
			properties.put("resultVariable", resultVariable);
			return new Step(id, properties, null);
		}

		/** The same step, offered these tools (comma-separated names). */
		public Step withTools(String tools) {
			return with("tools", tools);
		}

		/** The same step with one more extension property. */
		public Step with(String name, String value) {
			Map<String, String> more = new LinkedHashMap<>(this.properties);
			more.put(name, value);
			return new Step(this.id, more, this.loop);
		}

		/**
		 * The same step once for each element of {@code collection}, all at once (a
		 * parallel multi-instance), the element in {@code elementVariable}.
		 */
		public Step forEachOf(String collection, String elementVariable) {
			return new Step(this.id, this.properties, new Loop(collection, elementVariable, null));
		}

		/** The same loop, ended early once {@code condition} holds. */
		public Step until(String condition) {
			return new Step(this.id, this.properties,
					new Loop(this.loop.collection(), this.loop.elementVariable(), condition));
		}

	}

	/**
	 * A parallel multi-instance's collection, element variable and completion condition.
	 */
	public record Loop(String collection, String elementVariable, String completionCondition) {
	}

	/** The process's BPMN XML: start, the steps in order, end. */
	public static String xml(String key, Step... steps) {
		return Bpmn.convertToString(model(key, steps));
	}

	public static BpmnModelInstance model(String key, Step... steps) {
		return chain(key, steps).endEvent("End").done();
	}

	/** Start and the steps in order, the flow left open after the last step. */
	public static AbstractFlowNodeBuilder<?, ?> chain(String key, Step... steps) {
		AbstractFlowNodeBuilder<?, ?> flow = Bpmn.createExecutableProcess(key)
			.camundaHistoryTimeToLive(1)
			.startEvent("Start");
		for (Step step : steps) {
			flow = then(flow, step);
		}
		return flow;
	}

	/** The agent task of {@code step}, drawn after {@code flow}. */
	public static AbstractFlowNodeBuilder<?, ?> then(AbstractFlowNodeBuilder<?, ?> flow, Step step) {
		ServiceTaskBuilder task = flow.serviceTask(step.id()).camundaExternalTask("agent-task");
		task.addExtensionElement(
				properties((BpmnModelInstance) task.getElement().getModelInstance(), step.properties()));
		if (step.loop() != null) {
			loopOver(task, step.loop());
		}
		return task;
	}

	/**
	 * The process's BPMN XML with these process-level extension properties (a gate's
	 * {@code evaluate}, its {@code outputs}).
	 */
	public static String withProcessProperties(BpmnModelInstance model, String key, Map<String, String> properties) {
		Process process = model.getModelElementById(key);
		process.builder().addExtensionElement(properties(model, properties));
		return Bpmn.convertToString(model);
	}

	private static CamundaProperties properties(BpmnModelInstance model, Map<String, String> values) {
		CamundaProperties properties = model.newInstance(CamundaProperties.class);
		values.forEach((name, value) -> {
			CamundaProperty property = model.newInstance(CamundaProperty.class);
			property.setCamundaName(name);
			property.setCamundaValue(value);
			properties.addChildElement(property);
		});
		return properties;
	}

	private static void loopOver(ServiceTaskBuilder task, Loop each) {
		MultiInstanceLoopCharacteristicsBuilder loop = task.multiInstance()
			.parallel()
			.camundaCollection(each.collection())
			.camundaElementVariable(each.elementVariable());
		if (each.completionCondition() != null) {
			loop.completionCondition(each.completionCondition());
		}
	}

}
