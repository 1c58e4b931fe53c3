package io.bpmnagents.pattern.conversation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bpmnagents.process.Variable;
import io.bpmnagents.run.ProcessContract;
import io.bpmnagents.run.RunInput;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;

import org.springframework.stereotype.Component;

/**
 * {@code round-robin-conversation}: agents speak in turn, each seeing the recent
 * conversation, until a reply holds the termination phrase ({@code status} completed) or
 * {@code maxTurns} is reached ({@code status} max_turns_reached). A person may join with
 * a message, which the next speaker sees.
 */
@Component
public class Conversation implements ProcessContract {

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

	static final List<String> DEFAULT_AGENTS = List.of("researcher", "writer");

	@Override
	public String processKey() {
		return KEY;
	}

	@Override
	public VariableMap startVariables(RunInput input) {
		input.onlyFields(Set.of(TASK.name(), AGENTS.name(), MAX_TURNS.name(), TERMINATION_PHRASE.name()));
		return Variables.createVariables()
			.putValueTyped(TASK.name(), TASK.typed(input.text(TASK.name())))
			.putValueTyped(AGENTS.name(), AGENTS.typed(input.agents(AGENTS.name(), DEFAULT_AGENTS)))
			.putValueTyped(MAX_TURNS.name(), MAX_TURNS.typed(input.loopCount(MAX_TURNS.name(), 10)))
			.putValueTyped(TERMINATION_PHRASE.name(),
					TERMINATION_PHRASE.typed(input.text(TERMINATION_PHRASE.name(), "TASK_COMPLETE")))
			.putValueTyped(TURNS.name(), TURNS.typed(0))
			.putValueTyped(STATUS.name(), STATUS.typed(RUNNING))
			.putValueTyped(CONVERSATION.name(), CONVERSATION.typed(List.of()));
	}

	@Override
	public List<String> outputs() {
		return List.of(STATUS.name(), TURNS.name(), RESULT.name(), CONVERSATION.name());
	}

	@Override
	public Map<String, Object> inputs() {
		Map<String, Object> inputs = new LinkedHashMap<>();
		inputs.put(TASK.name(), "(required)");
		inputs.put(AGENTS.name(), DEFAULT_AGENTS);
		inputs.put(MAX_TURNS.name(), 10);
		inputs.put(TERMINATION_PHRASE.name(), "TASK_COMPLETE");
		return inputs;
	}

}
