package io.bpmnagents.stall;

import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;

/**
 * The process the stall tests run: the researcher reads its notes (workspace_read) inside
 * a subprocess, since Camunda allows escalation boundary events on subprocesses, not on
 * service tasks. Where the stall is caught, AGENT_STALLED takes the run to a person's
 * task, {@code UserTask_Decide}.
 */
final class LoopingResearcher {

	private LoopingResearcher() {
	}

	static BpmnModelInstance model(String key, boolean caught) {
		AbstractFlowNodeBuilder<?, ?> answered = researcher(key);
		if (caught) {
			answered.moveToActivity("SubProcess_Work")
				.boundaryEvent("BoundaryEvent_Stalled")
				.name("Agent stalled")
				.escalation("AGENT_STALLED")
				.userTask("UserTask_Decide")
				.name("Decide how the agent goes on")
				.endEvent("EndEvent_Decided");
		}
		return answered.done();
	}

	/**
	 * The stall caught by a non-interrupting boundary event, as a modeller may draw it in
	 * their own flow: the researcher's task is paused while a person decides at
	 * {@code UserTask_Decide}, then "Let the agent go on" releases it.
	 */
	static BpmnModelInstance paused(String key) {
		return researcher(key).moveToActivity("SubProcess_Work")
			.boundaryEvent("BoundaryEvent_Stalled")
			.name("Agent stalled")
			.cancelActivity(false)
			.escalation("AGENT_STALLED")
			.userTask("UserTask_Decide")
			.name("Decide how the agent goes on")
			.serviceTask("Task_Resume")
			.name("Let the agent go on")
			.camundaExternalTask("stall-decision")
			.camundaInputParameter("pausedTask", "${stalledTask}")
			.camundaInputParameter("decision", "${stallDecision}")
			.camundaInputParameter("instruction", "${execution.getVariable('stallInstruction')}")
			.endEvent("EndEvent_Decided")
			.done();
	}

	private static AbstractFlowNodeBuilder<?, ?> researcher(String key) {
		AbstractFlowNodeBuilder<?, ?> work = Bpmn.createExecutableProcess(key)
			.camundaHistoryTimeToLive(1)
			.startEvent("StartEvent_Task")
			.name("Task given")
			.subProcess("SubProcess_Work")
			.name("Agent works")
			.embeddedSubProcess()
			.startEvent("StartEvent_Work");
		return AgentTaskChains
			.then(work, Step.of("Task_Ask", "researcher", "${task}", "result").withTools("workspace_read"))
			.endEvent("EndEvent_Work")
			.subProcessDone()
			.endEvent("EndEvent_Answered")
			.name("Answered");
	}

}
