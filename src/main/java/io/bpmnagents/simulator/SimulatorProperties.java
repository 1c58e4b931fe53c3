package io.bpmnagents.simulator;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The built-in model simulator's behaviour.
 *
 * @param latency delay of every reply
 * @param jitter up to this much extra delay, drawn from the seeded random sequence
 * @param errorRate share of calls answered with HTTP 500
 * @param rateLimitRate share of calls answered with HTTP 429
 * @param malformedRate share of JSON-mode calls answered with broken JSON
 * @param seed seed of the random sequence behind jitter and faults
 * @param conversationTurns turn of a conversation at which agents say the termination
 * phrase
 * @param terminationPhrase what simulated agents say to end a conversation; the simulator
 * does not read it from the prompt, so that rewording a prompt does not change simulated
 * runs (the built-in conversations' default phrase)
 * @param minReplyChars pad every reply to at least this many characters (long-text tests)
 * @param retryAfter the wait a rate-limited (HTTP 429) reply asks for in its
 * {@code Retry-After} header, as a real provider does
 */
@ConfigurationProperties("simulator")
public record SimulatorProperties(@DefaultValue("0ms") Duration latency, @DefaultValue("0ms") Duration jitter,
		@DefaultValue("0") double errorRate, @DefaultValue("0") double rateLimitRate,
		@DefaultValue("0") double malformedRate, @DefaultValue("42") long seed,
		@DefaultValue("4") int conversationTurns, @DefaultValue("TASK_COMPLETE") String terminationPhrase,
		@DefaultValue("0") int minReplyChars, @DefaultValue("1s") Duration retryAfter) {

}
