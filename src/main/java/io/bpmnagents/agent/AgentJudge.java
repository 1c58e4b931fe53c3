package io.bpmnagents.agent;

import io.bpmnagents.guardrail.GuardrailContext;
import io.bpmnagents.guardrail.Judge;

import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * A judge guardrail's question, asked of an agent like any other call: in the checked
 * call's run, under its key ({@code <key>/judge}), so it is in the transcript and reused
 * when the task is delivered again; without tools, with the verdict's JSON Schema.
 */
@Component
class AgentJudge implements Judge {

	private final AgentService agents;

	AgentJudge(@Lazy AgentService agents) {
		this.agents = agents;
	}

	@Override
	public String ask(GuardrailContext call, String agent, String prompt) {
		return this.agents.askWithoutTools(new AgentRequest(call.runId(), call.processInstanceId(), call.processKey(),
				call.activityId(), call.callKey() + "/judge", agent, prompt, true, VERDICT_SCHEMA));
	}

}
