package io.bpmnagents.guardrail;

/**
 * The call a guardrail checks, for guardrails that ask an agent themselves (a judge's
 * call is recorded in the same run, under the checked call's key). Custom guardrails find
 * it in their request's {@code requestParams().variables()} under {@value #VARIABLE}.
 *
 * @param callKey the checked call's key within its task
 */
public record GuardrailContext(String runId, String processInstanceId, String processKey, String activityId,
		String callKey) {

	/** The name under which a guardrail request's variables hold the context. */
	public static final String VARIABLE = "call";

}
