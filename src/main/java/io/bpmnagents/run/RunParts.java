package io.bpmnagents.run;

import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.bpmnagents.process.PlainValues;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.history.HistoricProcessInstance;

/**
 * A run's view from its parts ({@link RunViewQuery}): its status, and its output, over
 * the run and every process it called.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class RunParts {

	/** End events whose id starts with this mark a run that ended on an error path. */
	static final String FAILED_END_PREFIX = "EndEvent_Failed";

	private final RunViewQuery query;

	/** The run's parts, in one statement; no run when there is none. */
	RunViewQuery.Parts read(String id) {
		return this.query.read(id);
	}

	/**
	 * How a run stands or ended, and what ended it, from its parts once it completed. A
	 * run stopped through the API (or cancelled in Cockpit) is deleted: STOPPED. A run
	 * that ended through a pattern's 'Run ends early' event subprocess carries the BPMN
	 * error's code in {@value #END_CODE}: {@value #DEADLINE_PASSED} is TIMED_OUT,
	 * {@value #RUN_CANCELLED} STOPPED, any other (such as BUDGET_EXHAUSTED) FAILED. A
	 * conversation names its own condition in {@value #ENDED_BY}.
	 */
	Ending ending(HistoricProcessInstance instance, Supplier<RunViewQuery.Parts> parts) {
		return switch (instance.getState()) {
			case HistoricProcessInstance.STATE_ACTIVE, HistoricProcessInstance.STATE_SUSPENDED ->
				new Ending(RunView.Status.RUNNING, null, null);
			case HistoricProcessInstance.STATE_EXTERNALLY_TERMINATED ->
				new Ending(RunView.Status.STOPPED, "stop", instance.getDeleteReason());
			// A terminate end event (which also ends a waiting 'Deadline') ends the
			// instance as internally terminated.
			case HistoricProcessInstance.STATE_COMPLETED, HistoricProcessInstance.STATE_INTERNALLY_TERMINATED ->
				completed(instance.getId(), parts.get());
			default -> new Ending(RunView.Status.FAILED, "error", instance.getDeleteReason());
		};
	}

	/** A run's status and what ended it. */
	record Ending(RunView.Status status, String endedBy, String message) {
	}

	static final String END_CODE = "endCode";

	static final String END_MESSAGE = "endMessage";

	static final String ENDED_BY = "endedBy";

	static final String DEADLINE_PASSED = "DEADLINE_PASSED";

	static final String RUN_CANCELLED = "RUN_CANCELLED";

	static final String BUDGET_EXHAUSTED = "BUDGET_EXHAUSTED";

	/** A spent quota across runs (package {@code quota}). */
	static final String QUOTA_EXHAUSTED = "QUOTA_EXHAUSTED";

	private Ending completed(String id, RunViewQuery.Parts parts) {
		Map<String, Map<String, Object>> byInstance = new LinkedHashMap<>();
		parts.variables()
			.stream()
			.filter((variable) -> END_CODE.equals(variable.name()) || END_MESSAGE.equals(variable.name())
					|| ENDED_BY.equals(variable.name()))
			.forEach((variable) -> byInstance.computeIfAbsent(variable.processInstanceId(), (k) -> new HashMap<>())
				.put(variable.name(), PlainValues.of(variable.value())));
		// The run's own ending first, then one of a process it called.
		Map<String, Object> ended = byInstance.containsKey(id) && byInstance.get(id).get(END_CODE) != null
				? byInstance.get(id)
				: byInstance.values()
					.stream()
					.filter((values) -> values.get(END_CODE) != null)
					.findFirst()
					.orElse(null);
		if (ended != null) {
			String code = String.valueOf(ended.get(END_CODE));
			String message = (ended.get(END_MESSAGE) != null) ? String.valueOf(ended.get(END_MESSAGE)) : null;
			return switch (code) {
				case DEADLINE_PASSED -> new Ending(RunView.Status.TIMED_OUT, "deadline", message);
				case RUN_CANCELLED -> new Ending(RunView.Status.STOPPED, "stop", message);
				case BUDGET_EXHAUSTED -> new Ending(RunView.Status.FAILED, "budget", message);
				case QUOTA_EXHAUSTED -> new Ending(RunView.Status.FAILED, "quota", message);
				default -> new Ending(RunView.Status.FAILED, "error", code + ((message != null) ? ": " + message : ""));
			};
		}
		if (parts.endedOnErrorPath()) {
			return new Ending(RunView.Status.FAILED, null, null);
		}
		Object endedBy = byInstance.getOrDefault(id, Map.of()).get(ENDED_BY);
		return new Ending(RunView.Status.COMPLETED, (endedBy != null) ? endedBy.toString() : null, null);
	}

	/**
	 * The run's output: the variables its process declares as outputs, or every variable
	 * of the run when it declares none.
	 */
	Map<String, Object> output(String id, List<String> declared, RunViewQuery.Parts parts) {
		boolean all = declared.isEmpty();
		Map<String, Object> output = new LinkedHashMap<>();
		for (RunViewQuery.Variable variable : parts.variables()) {
			boolean processScope = id.equals(variable.scope());
			Object value = ((all || declared.contains(variable.name())) && processScope)
					? PlainValues.of(variable.value()) : null;
			if (value != null) {
				output.put(variable.name(), value);
			}
		}
		if (all) {
			return output;
		}
		output.putAll(heldByCalledProcesses(declared, parts));
		Map<String, Object> ordered = new LinkedHashMap<>();
		declared.stream().filter(output::containsKey).forEach((name) -> ordered.put(name, output.get(name)));
		return ordered;
	}

	/**
	 * Outputs that a process the run called holds while it runs: a call activity hands
	 * its variables back only when it ends, yet they are the run's current values, e.g.
	 * the result a person is reviewing and an agent reworks in result-approval. Of two
	 * called processes holding one, the later started (greater id) wins.
	 */
	private static Map<String, Object> heldByCalledProcesses(List<String> outputs, RunViewQuery.Parts parts) {
		Map<String, Object> held = new LinkedHashMap<>();
		parts.held()
			.stream()
			.filter((variable) -> outputs.contains(variable.name()))
			.sorted(Comparator.comparing(RunViewQuery.Variable::processInstanceId))
			.forEach((variable) -> {
				Object value = PlainValues.of(variable.value());
				if (value != null) {
					held.put(variable.name(), value);
				}
			});
		return held;
	}

	static Instant instant(Date date) {
		return (date != null) ? date.toInstant() : null;
	}

}
