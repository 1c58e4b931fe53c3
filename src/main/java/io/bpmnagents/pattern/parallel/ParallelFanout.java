package io.bpmnagents.pattern.parallel;

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
 * {@code parallel-fanout}: all agents answer the task at once (a parallel multi-instance
 * over {@code agents}), their answers are collected in {@code contributions}, and the
 * synthesizer combines them into {@code result}. With {@code synthesizer = "none"} the
 * run is a broadcast: it ends with the answers and no synthesis.
 */
@Component
public class ParallelFanout implements ProcessContract {

	public static final String KEY = "parallel-fanout";

	public static final Variable<String> TASK = Variable.text("task");

	public static final Variable<List<String>> AGENTS = Variable.names("agents");

	/**
	 * An agent name, or {@link #NO_SYNTHESIS}; the gateway after the fan-out tests it.
	 */
	public static final Variable<String> SYNTHESIZER = Variable.word("synthesizer");

	public static final Variable<Map<String, String>> CONTRIBUTIONS = Variable.textMap("contributions");

	public static final Variable<String> RESULT = Variable.text("result");

	public static final String NO_SYNTHESIS = "none";

	static final List<String> DEFAULT_AGENTS = List.of("researcher", "developer", "reviewer");

	static final String DEFAULT_SYNTHESIZER = "coordinator";

	@Override
	public String processKey() {
		return KEY;
	}

	@Override
	public VariableMap startVariables(RunInput input) {
		input.onlyFields(Set.of(TASK.name(), AGENTS.name(), SYNTHESIZER.name()));
		String synthesizer = input.text(SYNTHESIZER.name(), DEFAULT_SYNTHESIZER);
		if (!NO_SYNTHESIS.equals(synthesizer)) {
			synthesizer = input.agent(SYNTHESIZER.name(), DEFAULT_SYNTHESIZER);
		}
		return Variables.createVariables()
			.putValueTyped(TASK.name(), TASK.typed(input.text(TASK.name())))
			.putValueTyped(AGENTS.name(), AGENTS.typed(input.agents(AGENTS.name(), DEFAULT_AGENTS)))
			.putValueTyped(SYNTHESIZER.name(), SYNTHESIZER.typed(synthesizer));
	}

	/** A broadcast ends with the answers, not one result to approve. */
	@Override
	public boolean hasResultToApprove(VariableMap startVariables) {
		return !NO_SYNTHESIS.equals(SYNTHESIZER.from(startVariables));
	}

	@Override
	public List<String> outputs() {
		return List.of(CONTRIBUTIONS.name(), RESULT.name());
	}

	@Override
	public Map<String, Object> inputs() {
		Map<String, Object> inputs = new LinkedHashMap<>();
		inputs.put(TASK.name(), "(required)");
		inputs.put(AGENTS.name(), DEFAULT_AGENTS);
		inputs.put(SYNTHESIZER.name(), DEFAULT_SYNTHESIZER + " (or \"none\")");
		return inputs;
	}

}
