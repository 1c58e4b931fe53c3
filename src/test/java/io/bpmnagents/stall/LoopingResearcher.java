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
		AbstractFlowNodeBuilder<?, ?> work = Bpmn.createExecutableProcess(key)
			.camundaHistoryTimeToLive(1)
			.startEvent("StartEvent_Task")
			.name("Task given")
			.subProcess("SubProcess_Work")
			.name("Agent works")
			.embeddedSubProcess()
			.startEvent("StartEvent_Work");
		AbstractFlowNodeBuilder<?, ?> answered = AgentTaskChains
			.then(work, Step.of("Task_Ask", "researcher", "${task}", "result").withTools("workspace_read"))
			.endEvent("EndEvent_Work")
			.subProcessDone()
			.endEvent("EndEvent_Answered")
			.name("Answered");
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

}
