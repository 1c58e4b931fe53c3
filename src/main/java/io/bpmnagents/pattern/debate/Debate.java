package io.bpmnagents.pattern.debate;

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
 * {@code debate}: proponent and opponent open at once; then, for {@code maxRounds}
 * rounds, the opponent counters the latest argument for and the proponent defends; then
 * the judge weighs the whole debate. {@code debate} records every speech as
 * {@code {agent, round, side, content}}; {@code result} is the judgment.
 */
@Component
public class Debate implements ProcessContract {

	public static final String KEY = "debate";

	/** The proposition. */
	public static final Variable<String> TASK = Variable.text("task");

	public static final Variable<Integer> MAX_ROUNDS = Variable.integer("maxRounds");

	/** Rounds begun so far; the loop's gateway compares it with {@link #MAX_ROUNDS}. */
	public static final Variable<Integer> ROUND = Variable.integer("round");

	public static final Variable<String> PROPONENT = Variable.word("proponent");

	public static final Variable<String> OPPONENT = Variable.word("opponent");

	public static final Variable<String> JUDGE = Variable.word("judge");

	/** Every speech, in order. */
	public static final Variable<List<Map<String, Object>>> DEBATE = Variable.records("debate");

	/** The judgment. */
	public static final Variable<String> RESULT = Variable.text("result");

	static final int DEFAULT_ROUNDS = 3;

	@Override
	public String processKey() {
		return KEY;
	}

	@Override
	public VariableMap startVariables(RunInput input) {
		input.onlyFields(Set.of(TASK.name(), MAX_ROUNDS.name(), PROPONENT.name(), OPPONENT.name(), JUDGE.name()));
		return Variables.createVariables()
			.putValueTyped(TASK.name(), TASK.typed(input.text(TASK.name())))
			.putValueTyped(MAX_ROUNDS.name(), MAX_ROUNDS.typed(input.loopCount(MAX_ROUNDS.name(), DEFAULT_ROUNDS)))
			.putValueTyped(ROUND.name(), ROUND.typed(0))
			.putValueTyped(PROPONENT.name(), PROPONENT.typed(input.agent(PROPONENT.name(), "proponent")))
			.putValueTyped(OPPONENT.name(), OPPONENT.typed(input.agent(OPPONENT.name(), "opponent")))
			.putValueTyped(JUDGE.name(), JUDGE.typed(input.agent(JUDGE.name(), "judge")));
	}

	@Override
	public List<String> outputs() {
		return List.of(DEBATE.name(), RESULT.name());
	}

	@Override
	public Map<String, Object> inputs() {
		Map<String, Object> inputs = new LinkedHashMap<>();
		inputs.put(TASK.name(), "(required: the proposition)");
		inputs.put(MAX_ROUNDS.name(), DEFAULT_ROUNDS);
		inputs.put(PROPONENT.name(), "proponent");
		inputs.put(OPPONENT.name(), "opponent");
		inputs.put(JUDGE.name(), "judge");
		return inputs;
	}

}
