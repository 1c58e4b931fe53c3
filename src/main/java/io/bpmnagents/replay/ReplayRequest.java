package io.bpmnagents.replay;

import java.util.Map;

/**
 * A replay of the finished run {@code originalRunId}.
 *
 * @param originalRunId the recorded run
 * @param processDefinitionId the version to run; {@code null} for the recorded one
 * @param agents overrides per agent name (model, system prompt); empty for none
 * @param goLive {@code false}: every call must match the recording (a difference is an
 * incident); {@code true}: from the first difference on, the live model and tools answer
 * @param toolsMayAct whether live tools that change the world may run after going live
 * (otherwise they get a recorded or a refused result)
 */
public record ReplayRequest(String originalRunId, String processDefinitionId, Map<String, AgentOverride> agents,
		boolean goLive, boolean toolsMayAct) {

	public ReplayRequest {
		agents = (agents != null) ? Map.copyOf(agents) : Map.of();
	}

	/** An exact replay of the recorded version. */
	public static ReplayRequest exact(String originalRunId) {
		return new ReplayRequest(originalRunId, null, Map.of(), false, false);
	}

	/**
	 * What an evaluation changes about one agent; a {@code null} keeps the agent's own.
	 */
	public record AgentOverride(String model, String systemPrompt) {
	}

}
