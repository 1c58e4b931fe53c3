package io.bpmnagents.stall;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a conversation goes round in circles: the last {@code repeat-turns} turns (the
 * new one included) each repeat, word for word but for case and spacing, a turn said
 * before them.
 */
public final class RepeatedTurns {

	private RepeatedTurns() {
	}

	/**
	 * @param turns the conversation's turns so far, oldest first
	 * @param answer the new turn
	 * @throws AgentStalledException when the conversation repeats itself
	 */
	public static void check(StallProperties properties, String agent, List<String> turns, String answer) {
		int max = properties.repeatTurns();
		if (max <= 0 || turns.size() + 1 < max + 1) {
			return;
		}
		List<String> all = new ArrayList<>(turns.size() + 1);
		turns.forEach((turn) -> all.add(normal(turn)));
		all.add(normal(answer));
		Set<String> said = new HashSet<>();
		int repeatedInARow = 0;
		for (String turn : all) {
			repeatedInARow = said.contains(turn) ? repeatedInARow + 1 : 0;
			said.add(turn);
		}
		if (repeatedInARow >= max) {
			throw new AgentStalledException(
					"The conversation repeats itself: the last " + repeatedInARow + " turns, up to agent '" + agent
							+ "''s, each repeat an earlier turn (bpmn-agents.stall.repeat-turns=" + max + ")");
		}
	}

	private static String normal(String text) {
		return (text != null) ? text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT) : "";
	}

}
