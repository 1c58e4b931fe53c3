package io.bpmnagents.mcpserver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.bpmnagents.run.RunHistory;
import io.bpmnagents.run.RunOperations;
import io.bpmnagents.run.RunView;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * The tools to follow runs up, with the grants of the runs API: {@code get_run} (a run
 * the caller may see), {@code list_runs} (the runs the caller may see) and
 * {@code stop_run} (the starter, operators and administrators).
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class FollowUpTools {

	static final Set<String> NAMES = Set.of("get_run", "list_runs", "stop_run");

	private static final Map<String, Object> RUN_ID = Map.of("type", "object", "properties",
			Map.of("runId", Map.of("type", "string", "description", "The run's id, as a process tool answered it.")),
			"required", List.of("runId"));

	private final Callers callers;

	private final RunOperations runs;

	private final RunAnswers answers;

	List<SyncToolSpecification> all() {
		return List.of(getRun(), listRuns(), stopRun());
	}

	private SyncToolSpecification getRun() {
		return onOneRun("get_run", "Get a run",
				"A run's status, its outputs once it ended, and who it waits for (an approval, a question).",
				(arguments) -> this.runs.view(runId(arguments)));
	}

	private SyncToolSpecification stopRun() {
		return onOneRun("stop_run", "Stop a run",
				"Ends a running run at once with status STOPPED; its outputs so far and its transcript stay.",
				(arguments) -> this.runs.stop(runId(arguments), (String) arguments.get(CALLER), "MCP stop_run"));
	}

	/**
	 * A tool that takes a run's id, acts on the run and answers with the run as it is
	 * then.
	 */
	private SyncToolSpecification onOneRun(String name, String title, String description,
			Function<Map<String, Object>, RunView> action) {
		Tool tool = Tool.builder()
			.name(name)
			.title(title)
			.description(description)
			.inputSchema(RUN_ID)
			.outputSchema(ToolSchemas.run(List.of()))
			.build();
		return handled(tool, (arguments) -> this.answers.run(action.apply(arguments)));
	}

	private SyncToolSpecification listRuns() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("process", Map.of("type", "string", "description", "Only runs of this process."));
		properties.put("status", Map.of("type", "string", "description",
				"Only runs with this status: RUNNING, COMPLETED, FAILED, TIMED_OUT or STOPPED."));
		properties.put("page", Map.of("type", "integer", "minimum", 0));
		properties.put("size", Map.of("type", "integer", "minimum", 1, "maximum", 100));
		Tool tool = Tool.builder()
			.name("list_runs")
			.title("List runs")
			.description("The runs the caller may see, newest first, one page at a time.")
			.inputSchema(Map.of("type", "object", "properties", properties))
			.build();
		return handled(tool, (arguments) -> {
			RunHistory.RunPage page = this.runs.find(text(arguments, "process"), text(arguments, "status"),
					number(arguments, "page"), number(arguments, "size"));
			return this.answers.structured(
					Map.of("runs", page.runs(), "page", page.page(), "size", page.size(), "total", page.total()));
		});
	}

	/** Key under which a handler finds the caller's user id among the arguments. */
	private static final String CALLER = "\u0000caller";

	private SyncToolSpecification handled(Tool tool, Function<Map<String, Object>, CallToolResult> handler) {
		return new SyncToolSpecification(tool, (exchange, request) -> {
			Map<String, Object> arguments = new LinkedHashMap<>(
					(request.arguments() != null) ? request.arguments() : Map.of());
			arguments.put(CALLER, Callers.user(exchange.transportContext()));
			try {
				return this.callers.as(exchange.transportContext(), () -> handler.apply(arguments));
			}
			catch (RunOperations.Refused ex) {
				return RunAnswers.refused(ex);
			}
			catch (BadArgument ex) {
				return RunAnswers.refused(ex.field, "must be " + ex.getMessage() + ".");
			}
		});
	}

	private static String runId(Map<String, Object> arguments) {
		String id = text(arguments, "runId");
		if (id == null || id.isBlank()) {
			throw new BadArgument("runId", "the id of a run");
		}
		return id;
	}

	private static String text(Map<String, Object> arguments, String name) {
		Object value = arguments.get(name);
		if (value != null && !(value instanceof String)) {
			throw new BadArgument(name, "a string");
		}
		return (String) value;
	}

	private static Integer number(Map<String, Object> arguments, String name) {
		Object value = arguments.get(name);
		if (value != null && !(value instanceof Number)) {
			throw new BadArgument(name, "a whole number");
		}
		return (value != null) ? ((Number) value).intValue() : null;
	}

	/** An argument of the wrong kind, for the tool's error result. */
	private static final class BadArgument extends RuntimeException {

		private final String field;

		BadArgument(String field, String expected) {
			super(expected);
			this.field = field;
		}

	}

}
