package io.bpmnagents.mcpserver;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

import io.bpmnagents.run.RunOperations;
import io.bpmnagents.run.RunView;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * A call of a process's tool: starts a run as the caller, with the checks and business
 * keys of {@code POST /api/runs}, and waits up to the call's {@code _waitSeconds} for it
 * to end. It then answers with the outputs; a run still going is answered with its id and
 * status (and who it waits for), to follow with {@code get_run}. While it waits, it
 * reports the run's status as progress when the client asked for progress.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class ProcessToolCalls {

	private final Callers callers;

	private final RunOperations runs;

	private final RunAnswers answers;

	private final McpEndpointProperties properties;

	/** The handler of the process's tool. */
	BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> of(String process) {
		return (exchange, request) -> call(process, exchange, request);
	}

	long maxWaitSeconds() {
		return this.properties.maxWait().toSeconds();
	}

	private CallToolResult call(String process, McpSyncServerExchange exchange, CallToolRequest request) {
		Map<String, Object> input = new LinkedHashMap<>((request.arguments() != null) ? request.arguments() : Map.of());
		Object wait = input.remove(ToolSchemas.WAIT);
		Object businessKey = input.remove(ToolSchemas.BUSINESS_KEY);
		long maxWait = this.properties.maxWait().toSeconds();
		Duration waiting = this.properties.defaultWait();
		if (wait != null) {
			if (!(wait instanceof Number seconds) || seconds.doubleValue() < 0 || seconds.doubleValue() > maxWait) {
				return RunAnswers.refused(ToolSchemas.WAIT,
						"must be a number of seconds from 0 to " + maxWait + ", was " + wait + ".");
			}
			waiting = Duration.ofMillis((long) (seconds.doubleValue() * 1000));
		}
		if (businessKey != null && !(businessKey instanceof String)) {
			return RunAnswers.refused(ToolSchemas.BUSINESS_KEY, "must be a string, was " + businessKey + ".");
		}
		Object progressToken = (request.meta() != null) ? request.meta().get("progressToken") : null;
		Duration until = waiting;
		try {
			return this.callers.as(exchange.transportContext(), () -> {
				RunView run = this.runs.start(process, (String) businessKey, input);
				return this.answers.run(awaitEnd(exchange, run, until, progressToken));
			});
		}
		catch (RunOperations.Refused ex) {
			return RunAnswers.refused(ex);
		}
	}

	private RunView awaitEnd(McpSyncServerExchange exchange, RunView started, Duration wait, Object progressToken) {
		long start = System.nanoTime();
		return this.runs.await(started, wait, this.properties.poll(), (run) -> false, (run) -> {
			if (progressToken != null) {
				double elapsed = (System.nanoTime() - start) / 1e9;
				exchange.progressNotification(new ProgressNotification(progressToken, elapsed,
						(double) wait.toSeconds(), "Run " + run.id() + " is " + run.status()));
			}
		});
	}

}
