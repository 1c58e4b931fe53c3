package io.bpmnagents.pattern.conversation;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.RepositoryServiceImpl;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.ReadOnlyProcessDefinition;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

import org.springframework.stereotype.Component;

/**
 * Which tasks take a person's message, by what the deployed model says: a task in an
 * event subprocess that a message starts ("A person joins" in the shipped conversations,
 * whatever a modeller calls it in their own), not on the conversation's own path (as the
 * stall decision's instruction is). Marked on the parsed definition when the diagram is
 * parsed ({@link #LISTENER}), as the other questions the engine answers about a model, so
 * a message is told apart with no read of the model.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class PersonMessageTasks {

	/** Set on each activity of such an event subprocess: {@code Boolean.TRUE}. */
	static final String PROPERTY = "bpmnAgents.takesAPersonsMessage";

	/**
	 * Marks the tasks when a diagram is parsed (see {@link ConversationEnginePlugin}).
	 */
	static final AbstractBpmnParseListener LISTENER = new AbstractBpmnParseListener() {
		@Override
		public void parseSubProcess(Element element, ScopeImpl scope, ActivityImpl subprocess) {
			// Called once the subprocess's own elements are parsed.
			if (subprocess.isTriggeredByEvent() && startedByAMessage(element)) {
				subprocess.getActivities().forEach((activity) -> activity.setProperty(PROPERTY, Boolean.TRUE));
			}
		}
	};

	private final ProcessEngineConfigurationImpl engine;

	/** Whether the task takes a person's message. */
	boolean takesAPersonsMessage(LockedExternalTask task) {
		return takesAPersonsMessage(task.getProcessDefinitionId(), task.getActivityId());
	}

	/** Whether the activity of this process version takes a person's message. */
	boolean takesAPersonsMessage(String processDefinitionId, String activityId) {
		ReadOnlyProcessDefinition definition = this.engine.getDeploymentCache()
			.findProcessDefinitionFromCache(processDefinitionId);
		if (definition == null) {
			// Not (or no longer) in this node's cache: the engine parses it again, and
			// the listener marks it.
			definition = ((RepositoryServiceImpl) this.engine.getRepositoryService())
				.getDeployedProcessDefinition(processDefinitionId);
		}
		var activity = definition.findActivity(activityId);
		return activity != null && Boolean.TRUE.equals(activity.getProperty(PROPERTY));
	}

	private static boolean startedByAMessage(Element subprocess) {
		return subprocess.elements("startEvent")
			.stream()
			.anyMatch((start) -> !start.elements("messageEventDefinition").isEmpty());
	}

}
