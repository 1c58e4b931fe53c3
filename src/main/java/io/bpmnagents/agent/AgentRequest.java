package io.bpmnagents.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * @param answerFields when not empty, the fields the JSON answer must have, each with the
 * values it may take (empty: any text); sent to the model as a JSON schema
 * @param tools tools offered in this call besides the agent's own (names from the tool
 * registry)
 */
public record AgentRequest(String runId, String processInstanceId, String processKey, String activityId,
		String externalTaskId, String agent, String prompt, boolean jsonAnswer, Map<String, List<String>> answerFields,
		List<String> tools) {

	public AgentRequest(String runId, String processInstanceId, String processKey, String activityId,
			String externalTaskId, String agent, String prompt, boolean jsonAnswer,
			Map<String, List<String>> answerFields) {
		this(runId, processInstanceId, processKey, activityId, externalTaskId, agent, prompt, jsonAnswer, answerFields,
				List.of());
	}

	public AgentRequest {
		tools = (tools != null) ? List.copyOf(tools) : List.of();
		// in the order given: the schema lists the fields in the modeller's order
		answerFields = (answerFields != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(answerFields))
				: Map.of();
	}

	public AgentRequest(String runId, String processInstanceId, String processKey, String activityId,
			String externalTaskId, String agent, String prompt, boolean jsonAnswer) {
		this(runId, processInstanceId, processKey, activityId, externalTaskId, agent, prompt, jsonAnswer, Map.of());
	}

}
