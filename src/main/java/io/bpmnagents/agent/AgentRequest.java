package io.bpmnagents.agent;

import java.util.List;

import io.bpmnagents.transcript.ChatTurn;

/**
 * One question to one agent within a run.
 *
 * @param runId the root process instance: memory and transcript belong to the run
 * @param processInstanceId the (sub-)process instance that asks
 * @param processKey the asking process's key, a metrics tag
 * @param activityId the BPMN element that asks
 * @param externalTaskId the engine's unit of work, used to avoid asking twice
 * @param agent the agent's name in the registry
 * @param prompt the user message
 * @param jsonAnswer whether the model must answer with a JSON object
 * @param answerSchema when not {@code null}, the JSON Schema the answer must satisfy;
 * sent to the model as {@code response_format: json_schema}
 * @param history the conversation so far, when the agent speaks in one: sent as chat
 * messages before the prompt (the agent's own turns as its answers, the others' as
 * messages named after their speaker) in place of the agent's memory, which would repeat
 * its own turns; {@code null} when the agent speaks in none
 * @param tools tools offered in this call besides the agent's own (names from the tool
 * registry)
 * @param guardrails guardrails of this call besides the agent's own, run after them
 */
public record AgentRequest(String runId, String processInstanceId, String processKey, String activityId,
		String externalTaskId, String agent, String prompt, boolean jsonAnswer, String answerSchema,
		List<ChatTurn> history, List<String> tools, List<String> guardrails) {

	public AgentRequest {
		history = (history != null) ? List.copyOf(history) : null;
		tools = (tools != null) ? List.copyOf(tools) : List.of();
		guardrails = (guardrails != null) ? List.copyOf(guardrails) : List.of();
	}

	public AgentRequest(String runId, String processInstanceId, String processKey, String activityId,
			String externalTaskId, String agent, String prompt, boolean jsonAnswer, String answerSchema,
			List<ChatTurn> history, List<String> tools) {
		this(runId, processInstanceId, processKey, activityId, externalTaskId, agent, prompt, jsonAnswer, answerSchema,
				history, tools, List.of());
	}

	public AgentRequest(String runId, String processInstanceId, String processKey, String activityId,
			String externalTaskId, String agent, String prompt, boolean jsonAnswer, String answerSchema) {
		this(runId, processInstanceId, processKey, activityId, externalTaskId, agent, prompt, jsonAnswer, answerSchema,
				null, List.of());
	}

	public AgentRequest(String runId, String processInstanceId, String processKey, String activityId,
			String externalTaskId, String agent, String prompt, boolean jsonAnswer) {
		this(runId, processInstanceId, processKey, activityId, externalTaskId, agent, prompt, jsonAnswer, null);
	}

}
