package io.bpmnagents.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.replay.RunInputs;
import io.bpmnagents.run.RunService;
import io.bpmnagents.run.RunView;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

/**
 * Cases made from recorded runs: each run's recorded input ({@link RunInputs}), and, when
 * asked, its output variables as the expected facts. A run the person may not see is
 * answered as if it did not exist ({@code 404}, as {@code GET /api/runs/{id}} does), so a
 * dataset never carries the input of a run its maker could not read.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class DatasetRuns {

	private final RunService runs;

	private final RunInputs inputs;

	private final ObjectMapper json;

	/**
	 * One case per run, id the run's id.
	 * @param process the dataset's process; null: the runs' own, which must be one
	 * @return the cases, and the process they are of
	 */
	Made cases(List<String> runIds, boolean expectOutputs, String process) {
		List<DatasetCase> cases = new ArrayList<>();
		String of = process;
		for (String id : runIds) {
			if (id == null || id.isBlank()) {
				throw new InvalidDatasetException("'fromRuns' holds an empty run id.");
			}
			RunView run = this.runs.view(id);
			if (of != null && !of.equals(run.process())) {
				throw new InvalidDatasetException("Run '" + id + "' is a run of '" + run.process() + "', not of '" + of
						+ "': a dataset's cases are inputs of one process.");
			}
			of = run.process();
			cases.add(new DatasetCase(id, input(id), expectOutputs ? expected(run) : null, id));
		}
		return new Made(cases, of);
	}

	record Made(List<DatasetCase> cases, String process) {
	}

	private Map<String, Object> input(String id) {
		RunInputs.RunInput input = this.inputs.of(id)
			.orElseThrow(() -> new InvalidDatasetException("Run '" + id + "' has no recorded input (it started before "
					+ "this version of bpmn-agents recorded run inputs), so it cannot be a case."));
		if (input.input() == null) {
			throw new InvalidDatasetException("Run '" + id + "' cannot be a case. " + input.inputError());
		}
		return input.input();
	}

	private String expected(RunView run) {
		if (run.status() != RunView.Status.COMPLETED) {
			throw new InvalidDatasetException("Run '" + run.id() + "' is " + run.status()
					+ ": only a completed run's outputs can be a case's expected facts (leave 'expectOutputs' out).");
		}
		try {
			return this.json.writeValueAsString(Objects.requireNonNullElse(run.output(), Map.of()));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Run " + run.id() + "'s output could not be written as JSON", ex);
		}
	}

}
