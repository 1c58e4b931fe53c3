package io.bpmnagents.pattern.conversation;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bpmnagents.process.Variable;
import io.bpmnagents.task.AgentTaskConfig;

/**
 * {@code round-robin-conversation}: agents speak in turn, each seeing the recent
 * conversation, until a reply holds the termination phrase ({@code status} completed) or
 * {@code maxTurns} is reached ({@code status} max_turns_reached). A person may join with
 * a message, which the next speaker sees.
 */
public final class Conversation {

	/**
	 * The extension properties a conversation turn reads ({@code entry.<field>} besides);
	 * {@code appendTo} names the list the engine starts empty when a run starts.
	 */
	public static final Set<String> TURN_PROPERTIES = Set.of(AgentTaskConfig.PROMPT, ConversationTurnHandler.SPEAKER,
			AgentTaskConfig.APPEND_TO);

	public static final String KEY = "round-robin-conversation";

	public static final Variable<String> TASK = Variable.text("task");

	public static final Variable<List<String>> AGENTS = Variable.names("agents");

	public static final Variable<Integer> MAX_TURNS = Variable.integer("maxTurns");

	public static final Variable<String> TERMINATION_PHRASE = Variable.text("terminationPhrase");

	/** Turns taken so far. */
	public static final Variable<Integer> TURNS = Variable.integer("turns");

	/** running, completed or max_turns_reached; the loop's gateway tests it. */
	public static final Variable<String> STATUS = Variable.word("status");

	/**
	 * Every message: {@code {turn, speaker, message}}, a person's with
	 * {@code human: true}.
	 */
	public static final Variable<List<Map<String, Object>>> CONVERSATION = Variable.records("conversation");

	/** Who gave the last reply; that agent reworks it when a person sends it back. */
	public static final Variable<String> LAST_SPEAKER = Variable.word("lastSpeaker");

	/** The last reply. */
	public static final Variable<String> RESULT = Variable.text("result");

	/** The BPMN message by which a person joins. */
	public static final String HUMAN_MESSAGE = "HumanMessage";

	static final String RUNNING = "running";

	static final String COMPLETED = "completed";

	static final String MAX_TURNS_REACHED = "max_turns_reached";

	private Conversation() {
	}

}
