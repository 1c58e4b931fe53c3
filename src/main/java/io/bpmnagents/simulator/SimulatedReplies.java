package io.bpmnagents.simulator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the simulator's answers. Each answer is a function of the request alone, and
 * aware enough of what is asked that every built-in process completes: where JSON is
 * requested, a plan naming the workers the prompt lists in the {@code ${agents:roles}}
 * format ({@code - name: role} lines); a judgment when the agent's role is a judge; and,
 * in a conversation, the termination phrase once the conversation has reached the
 * configured turn. All of these key on the request's structure (the response format, the
 * system prompt's role, the messages of other named parties), never on how a prompt is
 * worded: a modeller may reword any prompt in the Modeler without changing simulated
 * runs.
 */
final class SimulatedReplies {

	/** A paragraph that opens with a short label: {@code Task: ...} or {@code Draft:}. */
	private static final Pattern LABEL = Pattern.compile("[^\\s:][^:\\n]{0,40}:(\\s|$)");

	private static final Pattern WORKER_LINE = Pattern.compile("^- ([A-Za-z0-9_.-]+):", Pattern.MULTILINE);

	private static final String[] POINTS = { "the core requirement is clear and can be met in small steps",
			"the main risk lies in unclear ownership between the parties involved",
			"evidence from comparable efforts favours an incremental approach",
			"the audience needs concrete examples more than abstract claims",
			"costs and benefits should be weighed over a realistic time frame",
			"a short feedback loop will catch mistakes before they spread",
			"the strongest counterpoint concerns quality under time pressure",
			"clear acceptance criteria make the result easy to verify" };

	/** What every turn says while the simulator repeats turns. */
	static final String REPEATED_TURN = "I agree with what was said; nothing to add.";

	private SimulatedReplies() {
	}

	/**
	 * The answer to a request.
	 * @param conversation what the simulated agent knows of the conversation the request
	 * is a turn of (turn 0: none); {@code null} for no knowledge at all
	 */
	static String reply(String systemPrompt, String prompt, boolean json, ConversationTurn conversation) {
		int hash = (systemPrompt + "\u0000" + prompt).hashCode() & 0x7fffffff;
		if (json) {
			return plan(prompt, hash);
		}
		String persona = persona(systemPrompt);
		// Keyed on the agent's role, not on the prompt's wording: a modeller may reword
		// it.
		if (persona.toLowerCase(java.util.Locale.ROOT).contains("judge")) {
			return judgment(hash);
		}
		String phrase = (conversation != null) ? conversation.terminationPhrase() : null;
		// What the agent builds on is what came before it: the last message of the
		// conversation, or else the prompt's last paragraph of data. Never an instruction
		// of the prompt, such as the turn prompt's naming of the termination phrase:
		// echoed back, it would read as the signal. Quotes also leave the configured
		// phrase out: only the decision below may say it.
		String before = (conversation != null && conversation.turn() > 0) ? conversation.lastMessage()
				: lastDataParagraph(prompt);
		String quotedPrompt = (phrase != null) ? prompt.replace(phrase, "…") : prompt;
		String quotedBefore = (phrase != null) ? before.replace(phrase, "…") : before;
		StringBuilder text = new StringBuilder();
		text.append(persona).append(" on \"").append(excerpt(firstLine(quotedPrompt), 120)).append("\":\n\n");
		text.append("- ").append(capitalize(POINTS[hash % POINTS.length])).append(".\n");
		text.append("- ").append(capitalize(POINTS[(hash / 7 + 3) % POINTS.length])).append(".\n");
		text.append("- Building on what came before: ").append(excerpt(quotedBefore, 160)).append("\n");
		if (conversation != null && conversation.isOver()) {
			text.append("\nWe have covered what the task needs. ").append(phrase);
		}
		return text.toString();
	}

	/**
	 * A turn of a conversation, told by the request's structure: the conversation so far
	 * arrives as messages of other named parties and the agent's own earlier answers.
	 *
	 * @param turn this turn's number: one more than the messages so far; 0 outside a
	 * conversation
	 * @param lastMessage the message just before this turn
	 * @param terminationPhrase what simulated agents say to end a conversation
	 * @param endsAt the turn from which they say it
	 */
	record ConversationTurn(int turn, String lastMessage, String terminationPhrase, int endsAt) {

		boolean isOver() {
			return this.turn > 0 && this.terminationPhrase != null && !this.terminationPhrase.isBlank()
					&& this.turn >= this.endsAt;
		}

		/**
		 * The turn the messages make; turn 0 when they are no conversation (no message
		 * before the last comes from another named party), which never ends with the
		 * phrase but still keeps it out of quotes.
		 */
		static ConversationTurn of(List<Message> messages, String terminationPhrase, int endsAt) {
			List<Message> before = new ArrayList<>();
			for (Message message : messages) {
				if (!"system".equals(message.role())) {
					before.add(message);
				}
			}
			if (!before.isEmpty()) {
				before.remove(before.size() - 1);
			}
			if (before.stream().noneMatch((message) -> message.name() != null && !message.name().isBlank())) {
				return new ConversationTurn(0, "", terminationPhrase, endsAt);
			}
			return new ConversationTurn(before.size() + 1, before.get(before.size() - 1).content(), terminationPhrase,
					endsAt);
		}

	}

	/** A chat message of the request: its role, its speaker's name if any, its text. */
	record Message(String role, String name, String content) {
	}

	static String malformedPlan() {
		return "{\"assignments\": [{\"worker\": \"";
	}

	private static String plan(String prompt, int hash) {
		Set<String> workers = new LinkedHashSet<>();
		Matcher line = WORKER_LINE.matcher(prompt);
		while (line.find()) {
			workers.add(line.group(1));
		}
		String task = excerpt(firstLine(prompt).replaceFirst("^Task:\\s*", ""), 100);
		List<String> assignments = new ArrayList<>();
		int step = 0;
		for (String worker : workers) {
			String focus = POINTS[(hash + step++) % POINTS.length];
			assignments.add("{\"worker\": \"" + jsonEscape(worker) + "\", \"subtask\": \""
					+ jsonEscape("Handle the " + worker + " part of: " + task + " Keep in mind that " + focus + ".")
					+ "\"}");
		}
		return "{\"assignments\": [" + String.join(", ", assignments) + "]}";
	}

	private static String judgment(int hash) {
		String winner = (hash % 2 == 0) ? "the proponent" : "the opponent";
		return """
				1. Summary: both sides argued the proposition; the proponent stressed benefits, the opponent stressed risks.
				2. Strengths and weaknesses: the proponent's case was concrete but optimistic; the opponent's case \
				was rigorous but offered few alternatives.
				3. Judgment: %s argued more effectively.
				4. Synthesis: adopt the proposition in stages, with the safeguards the opponent asked for.
				"""
			.formatted(winner);
	}

	private static String persona(String systemPrompt) {
		String first = firstLine(systemPrompt).replaceFirst("^You are (an?|the) ", "");
		first = first.replaceAll("[.].*$", "");
		return "As " + excerpt(first.isBlank() ? "an assistant" : first, 60);
	}

	private static String firstLine(String text) {
		String trimmed = text.strip();
		int end = trimmed.indexOf('\n');
		return (end < 0) ? trimmed : trimmed.substring(0, end);
	}

	/**
	 * The prompt's last paragraph that carries data, told by its form: it opens with a
	 * short label ({@code Task: ...}, or {@code Their comment:} and the text below), as
	 * prompts present what they hand over; the sentences around them are instructions. A
	 * prompt without labelled paragraphs (a pipeline stage's previous output) is all
	 * data: its last paragraph.
	 */
	private static String lastDataParagraph(String text) {
		String[] paragraphs = text.strip().split("\n\\s*\n");
		for (int i = paragraphs.length - 1; i >= 0; i--) {
			if (LABEL.matcher(paragraphs[i].strip()).lookingAt()) {
				return paragraphs[i];
			}
		}
		return paragraphs[paragraphs.length - 1];
	}

	private static String excerpt(String text, int max) {
		String flat = text.replaceAll("\\s+", " ").strip();
		return (flat.length() <= max) ? flat : flat.substring(0, max) + "…";
	}

	private static String capitalize(String text) {
		return Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	static String jsonEscape(String text) {
		return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
	}

}
