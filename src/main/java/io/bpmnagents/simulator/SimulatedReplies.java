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
 * format ({@code - name: role} lines); a judgment when the agent's role is a judge; and
 * the termination phrase once a conversation reaches the configured turn.
 */
final class SimulatedReplies {

	private static final Pattern WORKER_LINE = Pattern.compile("^- ([A-Za-z0-9_.-]+):", Pattern.MULTILINE);

	private static final Pattern TERMINATION = Pattern.compile("include '([^']+)'");

	/** The rework request of processes/result-approval.bpmn. */
	private static final Pattern REWORK = Pattern
		.compile("(?s)The result they reviewed:\n(.*)\n\nTheir comment:\n(.*?)\n\nRevise the result");

	private static final Pattern TURN = Pattern.compile("\\bturn (\\d+)\\b", Pattern.CASE_INSENSITIVE);

	private static final String[] POINTS = { "the core requirement is clear and can be met in small steps",
			"the main risk lies in unclear ownership between the parties involved",
			"evidence from comparable efforts favours an incremental approach",
			"the audience needs concrete examples more than abstract claims",
			"costs and benefits should be weighed over a realistic time frame",
			"a short feedback loop will catch mistakes before they spread",
			"the strongest counterpoint concerns quality under time pressure",
			"clear acceptance criteria make the result easy to verify" };

	private SimulatedReplies() {
	}

	static String reply(String systemPrompt, String prompt, boolean json, int conversationTurns) {
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
		Matcher rework = REWORK.matcher(prompt);
		if (rework.find()) {
			return rework(persona, rework.group(1), rework.group(2));
		}
		// The instruction stands at the end of the prompt; earlier matches are quoted
		// conversation.
		String terminationPhrase = last(TERMINATION.matcher(prompt));
		// Quotes of the prompt leave the termination phrase out: only the decision below
		// may say it.
		String quoted = (terminationPhrase != null) ? prompt.replace(terminationPhrase, "…") : prompt;
		StringBuilder text = new StringBuilder();
		text.append(persona).append(" on \"").append(excerpt(firstLine(quoted), 120)).append("\":\n\n");
		text.append("- ").append(capitalize(POINTS[hash % POINTS.length])).append(".\n");
		text.append("- ").append(capitalize(POINTS[(hash / 7 + 3) % POINTS.length])).append(".\n");
		text.append("- Building on what came before: ").append(excerpt(lastParagraph(quoted), 160)).append("\n");
		String turn = last(TURN.matcher(prompt));
		if (terminationPhrase != null && turn != null && Integer.parseInt(turn) >= conversationTurns) {
			text.append("\nWe have covered what the task needs. ").append(terminationPhrase);
		}
		return text.toString();
	}

	private static String last(Matcher matcher) {
		String found = null;
		while (matcher.find()) {
			found = matcher.group(1);
		}
		return found;
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

	/** The reviewed result again, with a line that answers the person's comment. */
	private static String rework(String persona, String reviewed, String comment) {
		String asked = comment.isBlank() ? "no comment given; tightened the wording"
				: "\"" + excerpt(comment, 200) + "\"";
		return persona + ", revised after review:\n\n" + reviewed.strip() + "\n- Revision for the reviewer (" + asked
				+ "): the points above now answer it directly.\n";
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

	private static String lastParagraph(String text) {
		String trimmed = text.strip();
		int start = trimmed.lastIndexOf("\n\n");
		return (start < 0) ? trimmed : trimmed.substring(start + 2);
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
