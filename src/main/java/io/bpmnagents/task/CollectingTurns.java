package io.bpmnagents.task;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.bpmnagents.process.ExtensionProperties;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;

import org.springframework.stereotype.Component;

/**
 * Whether the collecting completions of a process (agent tasks with {@code resultKey} or
 * {@code appendTo}, answers gathered into one map or list) can happen at the same moment,
 * read from the model when it is parsed. Only then must they take turns under a row lock
 * of their process instance, each numbered in the order it committed for replays
 * ({@code TaskOutcomes}). In a process whose flow never forks, such as the sequential
 * pipeline, one task runs at a time: the lock and the number were two statements per step
 * that protected nothing, and a replay runs such steps in their order anyway.
 * <p>
 * A process may collect at the same moment when, outside its event subprocesses, it has a
 * parallel, inclusive or complex gateway, a node with more than one outgoing flow (other
 * than an exclusive or event-based gateway), a non-interrupting boundary event, a
 * parallel multi-instance or an ad-hoc subprocess; or when an event subprocess holds a
 * collecting agent task or an external task of another topic, whose handler may collect
 * too (the stall decision's does not). When in doubt, and for a definition not in this
 * node's cache, completions take turns as before.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class CollectingTurns {

	/** Set on each parsed process definition: {@code Boolean}, may collect at once. */
	static final String PROPERTY = "bpmnAgents.collectsConcurrently";

	private static final Set<String> FORKING = Set.of("parallelGateway", "inclusiveGateway", "complexGateway",
			"adHocSubProcess");

	private static final Set<String> CHOOSING = Set.of("exclusiveGateway", "eventBasedGateway");

	private final ProcessEngineConfigurationImpl engine;

	/**
	 * Whether the task's collecting completion takes its turn with the others of its
	 * process instance: read from the deployment cache, with no database query.
	 */
	boolean needed(LockedExternalTask task) {
		return needed(task.getProcessDefinitionId());
	}

	/** As {@link #needed(LockedExternalTask)}, for the tasks of a process definition. */
	boolean needed(String processDefinitionId) {
		ProcessDefinitionEntity definition = this.engine.getDeploymentCache()
			.findProcessDefinitionFromCache(processDefinitionId);
		return definition == null || !Boolean.FALSE.equals(definition.getProperty(PROPERTY));
	}

	/** Whether the process may complete two collecting tasks at the same moment. */
	static boolean concurrent(Element process) {
		return forks(process) || collectsInEventSubprocess(process, false);
	}

	/**
	 * Whether the flow of this scope, or of a subprocess in it, may run two ways at once.
	 */
	private static boolean forks(Element scope) {
		Map<String, String> tags = new HashMap<>();
		Map<String, Integer> outgoing = new HashMap<>();
		for (Element child : scope.elements()) {
			String tag = child.getTagName();
			if (isEventSubprocess(child)) {
				continue;
			}
			tags.put(child.attribute("id"), tag);
			if (FORKING.contains(tag)
					|| ("boundaryEvent".equals(tag) && "false".equals(child.attribute("cancelActivity")))
					|| parallelMultiInstance(child)) {
				return true;
			}
			if ("sequenceFlow".equals(tag)) {
				outgoing.merge(child.attribute("sourceRef"), 1, Integer::sum);
			}
			if (("subProcess".equals(tag) || "transaction".equals(tag)) && forks(child)) {
				return true;
			}
		}
		return outgoing.entrySet()
			.stream()
			.anyMatch((source) -> source.getValue() > 1 && !CHOOSING.contains(tags.get(source.getKey())));
	}

	private static boolean parallelMultiInstance(Element activity) {
		Element loop = activity.element("multiInstanceLoopCharacteristics");
		return loop != null && !"true".equals(loop.attribute("isSequential"));
	}

	private static boolean isEventSubprocess(Element element) {
		return "subProcess".equals(element.getTagName()) && "true".equals(element.attribute("triggeredByEvent"));
	}

	private static boolean collectsInEventSubprocess(Element scope, boolean inside) {
		for (Element child : scope.elements()) {
			boolean childInside = inside || isEventSubprocess(child);
			if ((childInside && mayCollect(child)) || collectsInEventSubprocess(child, childInside)) {
				return true;
			}
		}
		return false;
	}

	/** An external task (or external message event) whose completion may collect. */
	private static boolean mayCollect(Element element) {
		if (!"external".equals(element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "type"))) {
			return false;
		}
		String topic = element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "topic");
		if (StallDecisionHandler.TOPIC.equals(topic)) {
			return false;
		}
		if (!AgentTaskHandler.TOPIC.equals(topic)) {
			return true;
		}
		Map<String, String> properties = ExtensionProperties.of(element);
		return present(properties.get(AgentTaskConfig.RESULT_KEY))
				|| present(properties.get(AgentTaskConfig.APPEND_TO));
	}

	private static boolean present(String value) {
		return value != null && !value.isBlank();
	}

}
