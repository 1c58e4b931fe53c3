package io.bpmnagents.pattern.sequential;

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
 * {@code sequential-pipeline}: the agents work in turn, each on the previous one's output
 * (processes/sequential-pipeline.bpmn, a sequential multi-instance over {@code agents}).
 */
@Component
public class SequentialPipeline implements ProcessContract {

	public static final String KEY = "sequential-pipeline";

	public static final Variable<String> TASK = Variable.text("task");

	public static final Variable<List<String>> AGENTS = Variable.names("agents");

	/** The latest stage's output; the last one is the run's result. */
	public static final Variable<String> RESULT = Variable.text("result");

	static final List<String> DEFAULT_AGENTS = List.of("researcher", "writer", "editor");

	@Override
	public String processKey() {
		return KEY;
	}

	@Override
	public VariableMap startVariables(RunInput input) {
		input.onlyFields(Set.of(TASK.name(), AGENTS.name()));
		return Variables.createVariables()
			.putValueTyped(TASK.name(), TASK.typed(input.text(TASK.name())))
			.putValueTyped(AGENTS.name(), AGENTS.typed(input.agents(AGENTS.name(), DEFAULT_AGENTS)));
	}

	@Override
	public List<String> outputs() {
		return List.of(RESULT.name());
	}

	@Override
	public Map<String, Object> inputs() {
		return Map.of(TASK.name(), "(required)", AGENTS.name(), DEFAULT_AGENTS);
	}

}
