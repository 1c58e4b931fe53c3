package io.bpmnagents.evaluation;

/**
 * The variables of the {@value Evaluations#PROCESS} process: the run's own, set at its
 * start, and each case's, local to the case (input mappings of its subprocess).
 */
final class CaseVariables {

	static final String CASES = "cases";

	static final String LANES = "lanes";

	static final String TARGET = "target";

	static final String JUDGE_AGENT = "judgeAgent";

	static final String CRITERIA = "criteria";

	static final String AGENTS = "agents";

	static final String CASE_COUNT = "caseCount";

	/**
	 * The most cases that may come out worse for a gated deployment's version to be
	 * activated; absent for an evaluation that gates nothing.
	 */
	static final String GATE_THRESHOLD = "gateThreshold";

	/** What the gate decided, in words. */
	static final String GATE = "gate";

	/** The multi-instance element: the case's number. */
	static final String CASE_NUMBER = "caseNumber";

	static final String NEW_RUN_ID = "newRunId";

	static final String CASE_FAILURE = "caseFailure";

	static final String CASE_INPUT = "caseInput";

	static final String ORIGINAL_OUTCOME = "originalOutcome";

	static final String NEW_OUTCOME = "newOutcome";

	static final String JUDGEABLE = "judgeable";

	static final String VERDICT = "verdict";

	static final String REASON = "reason";

	static final String JUDGE_ERROR = "judgeError";

	private CaseVariables() {
	}

}
