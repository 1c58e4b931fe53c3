package io.bpmnagents.pattern.router;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bpmnagents.pattern.hierarchical.HierarchicalDelegation;
import io.bpmnagents.pattern.parallel.ParallelFanout;
import io.bpmnagents.pattern.sequential.SequentialPipeline;
import io.bpmnagents.process.Variable;
import io.bpmnagents.run.InvalidInputException;
import io.bpmnagents.run.ProcessContract;
import io.bpmnagents.run.RunInput;
import org.camunda.bpm.engine.variable.VariableMap;

import org.springframework.stereotype.Component;

/**
 * {@code multi-agent-task}: an exclusive gateway on {@code strategy} calls the
 * hierarchical, parallel or sequential process as a call activity. The rest of the input
 * is checked and completed by the chosen process's own contract, and handed to it whole.
 */
@Component
public class MultiAgentTask implements ProcessContract {

	public static final String KEY = "multi-agent-task";

	public static final Variable<String> STRATEGY = Variable.word("strategy");

	public static final Variable<String> RESULT = Variable.text("result");

	private final Map<String, ProcessContract> strategies = new LinkedHashMap<>();

	MultiAgentTask(HierarchicalDelegation hierarchical, ParallelFanout parallel, SequentialPipeline sequential) {
		this.strategies.put("hierarchical", hierarchical);
		this.strategies.put("parallel", parallel);
		this.strategies.put("sequential", sequential);
	}

	@Override
	public String processKey() {
		return KEY;
	}

	@Override
	public VariableMap startVariables(RunInput input) {
		String strategy = input.text(STRATEGY.name(), "hierarchical");
		ProcessContract chosen = this.strategies.get(strategy);
		if (chosen == null) {
			throw new InvalidInputException(STRATEGY.name(), "Unknown strategy '" + strategy + "'. Choose one of "
					+ String.join(", ", this.strategies.keySet()) + ".");
		}
		return chosen.startVariables(input.without(STRATEGY.name()))
			.putValueTyped(STRATEGY.name(), STRATEGY.typed(strategy));
	}

	@Override
	public boolean hasResultToApprove(VariableMap startVariables) {
		return this.strategies.get(STRATEGY.from(startVariables)).hasResultToApprove(startVariables);
	}

	@Override
	public List<String> outputs() {
		return List.of(STRATEGY.name(), RESULT.name());
	}

	@Override
	public Map<String, Object> inputs() {
		Map<String, Object> inputs = new LinkedHashMap<>();
		inputs.put("task", "(required)");
		inputs.put(STRATEGY.name(), "hierarchical (or parallel, sequential)");
		return inputs;
	}

}
