package io.bpmnagents.stall;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When an agent counts as stalled or looping; 0 switches a check off.
 *
 * @param repeatToolCalls the same tool with the same arguments this often in one task
 * @param repeatTurns this many turns in a row of a conversation, each repeating an
 * earlier turn word for word (ignoring case and spacing)
 * @param toolLoopTokens the tokens one task's tool loop may spend (prompt and completion,
 * the model calls of one delivery) before it counts as a loop that does not end
 * @param idleAfter how long an agent task that a worker holds may go without a new entry
 * in its run's transcript (a model call started or answered); 15 minutes by default, far
 * beyond a model call's own timeout and retries, so only an agent that is stuck (a tool
 * that never returns, a remote agent that stays "working") is raised; 0 switches the
 * check off
 * @param idleCheckEvery how often the running runs are checked for that, when it is on
 */
@ConfigurationProperties("bpmn-agents.stall")
public record StallProperties(@DefaultValue("3") int repeatToolCalls, @DefaultValue("3") int repeatTurns,
		@DefaultValue("200000") long toolLoopTokens, @DefaultValue("15m") Duration idleAfter,
		@DefaultValue("30s") Duration idleCheckEvery) {

	/** The BPMN escalation a stalled agent raises. */
	public static final String ESCALATION_CODE = "AGENT_STALLED";

}
