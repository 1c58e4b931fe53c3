package io.bpmnagents.replay;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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
		// Not Map.copyOf, which fails on a null override before anyone can say what is
		// wrong with it (AgentOverride.problem).
		agents = (agents != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(agents)) : Map.of();
	}

	/** An exact replay of the recorded version. */
	public static ReplayRequest exact(String originalRunId) {
		return new ReplayRequest(originalRunId, null, Map.of(), false, false);
	}

	/**
	 * What an evaluation changes about one agent; a {@code null} keeps the agent's own.
	 */
	public record AgentOverride(String model, String systemPrompt) {

		/**
		 * The longest model name an override may give: the transcript keeps the model of
		 * each call in 255 characters, and a call it cannot record fails.
		 */
		public static final int MAX_MODEL = 200;

		/**
		 * What is wrong with the override of {@code agent}, in words a person can act on;
		 * empty when it changes the model, the system prompt or both, and the model is a
		 * name (one line, at most {@value #MAX_MODEL} characters).
		 */
		public static Optional<String> problem(String agent, AgentOverride override) {
			String field = "Field 'agents." + agent + "'";
			if (override == null || (blank(override.model()) && blank(override.systemPrompt()))) {
				return Optional.of(field + " must change something: give 'model', 'systemPrompt' or both.");
			}
			String model = override.model();
			if (model != null && (model.length() > MAX_MODEL || model.chars().anyMatch(Character::isISOControl))) {
				return Optional.of(field + ".model must be a model's name: one line of at most " + MAX_MODEL
						+ " characters, e.g. gpt-4o-mini.");
			}
			return Optional.empty();
		}

		private static boolean blank(String text) {
			return text == null || text.isBlank();
		}

	}

}
