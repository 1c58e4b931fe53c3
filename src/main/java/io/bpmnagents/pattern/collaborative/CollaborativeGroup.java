package io.bpmnagents.pattern.collaborative;

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
 * {@code collaborative-group}: every agent's first idea; then {@code maxIterations}
 * rounds in which each agent, in turn, builds on its own latest idea and the others' (the
 * whole {@code ideas} map, in which it is told its own name); every contribution is a
 * note in {@code workspace}; then the synthesizer's final result.
 */
@Component
public class CollaborativeGroup implements ProcessContract {

	public static final String KEY = "collaborative-group";

	public static final Variable<String> TASK = Variable.text("task");

	public static final Variable<List<String>> AGENTS = Variable.names("agents");

	public static final Variable<Integer> MAX_ITERATIONS = Variable.integer("maxIterations");

	/** Iterations begun; the loop's gateway compares it with {@link #MAX_ITERATIONS}. */
	public static final Variable<Integer> ITERATION = Variable.integer("iteration");

	public static final Variable<String> SYNTHESIZER = Variable.word("synthesizer");

	/** Each agent's latest idea. */
	public static final Variable<Map<String, String>> IDEAS = Variable.textMap("ideas");

	/**
	 * Every contribution: {@code {agent, type, content}}, type initial_idea or
	 * iteration_N.
	 */
	public static final Variable<List<Map<String, Object>>> WORKSPACE = Variable.records("workspace");

	public static final Variable<String> RESULT = Variable.text("result");

	static final List<String> DEFAULT_AGENTS = List.of("researcher", "writer", "reviewer");

	@Override
	public String processKey() {
		return KEY;
	}

	@Override
	public VariableMap startVariables(RunInput input) {
		input.onlyFields(Set.of(TASK.name(), AGENTS.name(), MAX_ITERATIONS.name(), SYNTHESIZER.name()));
		return Variables.createVariables()
			.putValueTyped(TASK.name(), TASK.typed(input.text(TASK.name())))
			.putValueTyped(AGENTS.name(), AGENTS.typed(input.agents(AGENTS.name(), DEFAULT_AGENTS)))
			.putValueTyped(MAX_ITERATIONS.name(), MAX_ITERATIONS.typed(input.loopCount(MAX_ITERATIONS.name(), 5)))
			.putValueTyped(ITERATION.name(), ITERATION.typed(0))
			.putValueTyped(SYNTHESIZER.name(), SYNTHESIZER.typed(input.agent(SYNTHESIZER.name(), "coordinator")));
	}

	@Override
	public List<String> outputs() {
		return List.of(IDEAS.name(), WORKSPACE.name(), RESULT.name());
	}

	@Override
	public Map<String, Object> inputs() {
		Map<String, Object> inputs = new LinkedHashMap<>();
		inputs.put(TASK.name(), "(required)");
		inputs.put(AGENTS.name(), DEFAULT_AGENTS);
		inputs.put(MAX_ITERATIONS.name(), 5);
		inputs.put(SYNTHESIZER.name(), "coordinator");
		return inputs;
	}

}
