package io.bpmnagents.pattern.hierarchical;

import java.util.List;
import java.util.Map;

import io.bpmnagents.process.Variable;

/**
 * {@code hierarchical-delegation}: the manager plans ({@code plan}: assignments of
 * subtasks to workers, JSON checked against the schema the diagram declares and against
 * the run's workers), an invalid plan goes back to the manager once with the error, each
 * assignment is one worker call (in parallel), and the manager synthesizes
 * {@code result}. A plan still invalid after the repair ends the task on the BPMN error
 * {@code INVALID_ANSWER}, which the diagram routes to its failure end (status FAILED,
 * {@code result} says why).
 */
public final class HierarchicalDelegation {

	public static final String KEY = "hierarchical-delegation";

	public static final Variable<String> TASK = Variable.text("task");

	public static final Variable<String> MANAGER = Variable.word("manager");

	/** The workers the manager may assign. */
	public static final Variable<List<String>> AGENTS = Variable.names("agents");

	/** The validated plan: {@code {worker, subtask}} per assignment. */
	public static final Variable<List<Map<String, Object>>> PLAN = Variable.records("plan");

	public static final Variable<List<Map<String, Object>>> WORKER_RESULTS = Variable.records("workerResults");

	public static final Variable<String> RESULT = Variable.text("result");

	private HierarchicalDelegation() {
	}

}
