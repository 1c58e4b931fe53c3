package io.bpmnagents.process;

import java.util.Set;

/**
 * The variable names the app's mechanisms keep for themselves, said in one place. A
 * client sets none of them on any route (the engine refuses it, see
 * {@code security.ReservedVariablesPlugin}): each one steers a mechanism, so a value set
 * from outside would steer it for the client.
 * <ul>
 * <li>{@link #OWN} are written only by the app (its worker, its listeners, the engine
 * running the shipped models): a client never sets them, not even when a run starts.</li>
 * <li>{@link #START_INPUTS} are inputs a run is started with and that the app's limits
 * read later (approval, deadline, budget): given when a run starts, never changed
 * afterwards by a task's completion, a message or a variable write.</li>
 * </ul>
 * The replay mark and a run's input are kept in the app's own tables, not in variables;
 * long texts are a serializer, not a name.
 */
public final class ReservedVariables {

	/** The process-tool loop: what the model asked for and where its loop resumes. */
	public static final String TOOL_REQUESTS = "toolRequests";

	public static final String TOOLS_REQUESTED = "toolsRequested";

	public static final String TOOL_RESULTS = "toolResults";

	public static final String TOOL_LOOP_KEY = "toolLoopKey";

	/** The element variable of the "Tool processes" multi-instance call activity. */
	public static final String TOOL_REQUEST = "toolRequest";

	/** Names the app's mechanisms alone write. */
	public static final Set<String> OWN = Set.of(TOOL_REQUESTS, TOOLS_REQUESTED, TOOL_RESULTS, TOOL_LOOP_KEY,
			TOOL_REQUEST,
			// approval: who decided, recorded by the engine's task listener
			"decidedBy",
			// conversations: a person's message as the app delivers it (the sender is the
			// logged-in person), and the turn-taking and its end
			"messageFrom", "messageContent", "turn", "turns", "speaker", "lastSpeaker", "nextInOrder", "endedBy",
			// how a run ended early (deadline, stop, budget), which its status is read
			// from
			"endCode", "endMessage");

	/** Inputs given when a run starts and read by its limits afterwards. */
	public static final Set<String> START_INPUTS = Set.of("requireApproval", "deadline", "escalateTo", "budget",
			"maxCalls", "maxTokens", "maxCost");

	private ReservedVariables() {
	}

	/**
	 * Why a client may not set {@code name}, or {@code null} when it may.
	 * @param starting whether the variables start a new run
	 */
	public static String refusal(String name, boolean starting) {
		if (OWN.contains(name)) {
			return "Variable '" + name
					+ "' is reserved: bpmn-agents sets it itself, so no request may set or remove it.";
		}
		if (!starting && START_INPUTS.contains(name)) {
			return "Variable '" + name + "' is an input a run is started with: it cannot be set or removed once the "
					+ "run has started.";
		}
		return null;
	}

}
