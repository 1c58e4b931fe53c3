package io.bpmnagents.pattern.conversation;

import io.bpmnagents.process.Variable;

/**
 * What ends a conversation, for every conversation pattern (round-robin, and any other
 * whose turns are taken by a handler): its own conditions are checked after each reply,
 * in this order: the termination phrase given as a signal ({@link #signals}), then the
 * turn limit. The run's limits end it from outside, through BPMN, and the run view names
 * them the same way in {@code endedBy}: {@code budget} (the token, call or cost budget,
 * checked before each model call), {@code deadline} (the pattern's deadline timer) and
 * {@code stop} (a person stopped or cancelled the run).
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
	 * on. The phrase is compared as plain text, never as an expression or a pattern.
	 * @param reply the reply just given
	 * @param phrase the termination phrase; {@code null} or blank for none
	 * @param turnsTaken the turns taken, this one included
	 * @param maxTurns the most turns the conversation may take
	 * @see #signals(String, String)
	 */
	public static String after(String reply, String phrase, int turnsTaken, int maxTurns) {
		if (signals(reply, phrase)) {
			return PHRASE;
		}
		return (turnsTaken >= maxTurns) ? MAX_TURNS : null;
	}

	/**
	 * Whether the reply gives the termination phrase as its signal, not merely quotes it.
	 * The reference ends on any reply that contains the phrase; but the turn prompt
	 * itself names the phrase, so a model that repeats or paraphrases its instructions
	 * ("include 'TASK_COMPLETE' when done") would end the conversation on its first turn.
	 * The phrase therefore counts where an agent puts a signal: on a line of its own, or
	 * at the very end of the reply, not opened by a quotation mark. Markdown emphasis
	 * ({@code *}, {@code _}, {@code `}) and closing punctuation ({@code .}, {@code !})
	 * around it are ignored.
	 * @param reply the reply just given
	 * @param phrase the termination phrase; {@code null} or blank for none
	 */
	public static boolean signals(String reply, String phrase) {
		if (phrase == null || phrase.isBlank() || reply == null) {
			return false;
		}
		String wanted = phrase.strip();
		String[] lines = reply.strip().split("\\R");
		String bareWanted = bare(wanted);
		for (String line : lines) {
			if (line.strip().equals(wanted) || (!bareWanted.isEmpty()
					&& (bare(line).equals(bareWanted) || bare(unquoted(line)).equals(bareWanted)))) {
				return true;
			}
		}
		return endsWith(lines[lines.length - 1].strip(), wanted);
	}

	private static boolean endsWith(String lastLine, String phrase) {
		String end = lastLine.endsWith(phrase) ? lastLine : trailingTrimmed(lastLine);
		if (!end.endsWith(phrase)) {
			return false;
		}
		String before = end.substring(0, end.length() - phrase.length());
		before = before.replaceAll("[*_`]+$", "");
		return before.isEmpty() || !isOpeningQuote(before.charAt(before.length() - 1));
	}

	private static String bare(String line) {
		return trailingTrimmed(line.strip()).replaceAll("^[*_`#>\\s]+", "");
	}

	private static String unquoted(String line) {
		return line.strip().replaceAll("^[\"'\u2018\u201c\u00ab]+|[\"'\u2019\u201d\u00bb]+[.!]*$", "");
	}

	private static String trailingTrimmed(String text) {
		return text.replaceAll("[*_`.!\\s]+$", "");
	}

	private static boolean isOpeningQuote(char c) {
		return c == '"' || c == '\'' || c == '\u2018' || c == '\u201c' || c == '\u00ab';
	}

}
