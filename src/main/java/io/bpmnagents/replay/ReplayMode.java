package io.bpmnagents.replay;

import java.util.Map;

/**
 * How a replay is answered, as its start recorded it ({@link ReplayRequest}): from the
 * recording of run {@code original}, going live at the first difference when
 * {@code goLive}, with live tools that change the world only when {@code toolsMayAct},
 * and these agents changed for this run only.
 */
public record ReplayMode(String original, boolean goLive, boolean toolsMayAct,
		Map<String, ReplayRequest.AgentOverride> agents) {

	public ReplayMode {
		agents = (agents != null) ? Map.copyOf(agents) : Map.of();
	}

	/** What the replay changes about an agent; null: nothing. */
	public ReplayRequest.AgentOverride override(String agent) {
		return this.agents.get(agent);
	}

}
