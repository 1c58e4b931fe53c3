package io.bpmnagents.pattern.conversation;

import io.bpmnagents.process.Variable;

/**
 * What ends a conversation, for every conversation pattern (round-robin, and any other
 * whose turns are taken by a handler): its own conditions are checked after each reply,
 * in this order: the termination phrase, then the turn limit. The run's limits end it
 * from outside, through BPMN, and the run view names them the same way in
 * {@code endedBy}: {@code budget} (the token, call or cost budget, checked before each
 * model call), {@code deadline} (the pattern's deadline timer) and {@code stop} (a person
 * stopped or cancelled the run).
 */
public final class ConversationEnd {

	/** Which condition ended the conversation; an output of the run. */
	public static final Variable<String> ENDED_BY = Variable.word("endedBy");

	/** A reply held the termination phrase. */
	public static final String PHRASE = "phrase";

	/** The last allowed turn was taken. */
	public static final String MAX_TURNS = "maxTurns";

	private ConversationEnd() {
	}

	/**
	 * The condition that ends the conversation after this reply, or {@code null} to go
	 * on. The phrase is found by plain {@code String.contains}, never an expression.
	 * @param reply the reply just given
	 * @param phrase the termination phrase; {@code null} or blank for none
	 * @param turnsTaken the turns taken, this one included
	 * @param maxTurns the most turns the conversation may take
	 */
	public static String after(String reply, String phrase, int turnsTaken, int maxTurns) {
		if (phrase != null && !phrase.isBlank() && reply != null && reply.contains(phrase)) {
			return PHRASE;
		}
		return (turnsTaken >= maxTurns) ? MAX_TURNS : null;
	}

}
