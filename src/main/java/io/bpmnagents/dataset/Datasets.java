package io.bpmnagents.dataset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.RepositoryService;

import org.springframework.stereotype.Service;

/**
 * What the datasets API does, each step checked before anything is stored: who may
 * ({@link DatasetAccess}), the name, the process, and every case. Other capabilities add
 * cases through it ({@link #checkMayAdd}, {@link #add}).
 */
@Service
public class Datasets {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	private final DatasetStore store;

	private final DatasetLines lines;

	private final DatasetRuns runs;

	private final DatasetAccess access;

	private final RepositoryService repository;

	private final int maxCases;

	Datasets(DatasetStore store, DatasetLines lines, DatasetRuns runs, DatasetAccess access,
			RepositoryService repository, DatasetProperties properties) {
		this.store = store;
		this.lines = lines;
		this.runs = runs;
		this.access = access;
		this.repository = repository;
		this.maxCases = properties.maxCases();
	}

	/**
	 * Body of {@code POST /api/datasets}: cases given, or made from runs, or both (the
	 * given ones first).
	 *
	 * @param expectOutputs whether the runs' outputs become the cases' expected facts
	 */
	record NewDataset(String name, String process, List<JsonNode> cases, List<String> fromRuns, Boolean expectOutputs) {
	}

	/** A dataset with its cases, as {@code GET /api/datasets/{name}} shows it. */
	record DatasetView(String name, String process, String createdBy, Instant createdAt, Instant updatedAt,
			int caseCount, List<DatasetCase> cases) {
	}

	DatasetView create(NewDataset request) {
		this.access.checkMayUse();
		String name = checkedName(request.name());
		List<DatasetCase> cases = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		List<JsonNode> given = (request.cases() != null) ? request.cases() : List.of();
		for (int i = 0; i < given.size(); i++) {
			try {
				cases.add(DatasetLines.unique(this.lines.toCase(given.get(i), i + 1, null), ids));
			}
			catch (InvalidDatasetException ex) {
				throw new InvalidDatasetException("cases[" + i + "]: " + ex.getMessage());
			}
		}
		String process = blankToNull(request.process());
		if (request.fromRuns() != null && !request.fromRuns().isEmpty()) {
			DatasetRuns.Made made = this.runs.cases(request.fromRuns(), Boolean.TRUE.equals(request.expectOutputs()),
					process);
			for (DatasetCase each : made.cases()) {
				try {
					cases.add(DatasetLines.unique(each, ids));
				}
				catch (InvalidDatasetException ex) {
					throw new InvalidDatasetException("fromRuns: " + ex.getMessage());
				}
			}
			process = made.process();
		}
		if (cases.isEmpty()) {
			throw new InvalidDatasetException("A dataset needs cases: give 'cases' [{\"input\": {…}}] or 'fromRuns' "
					+ "[run ids], or import a JSON Lines file with PUT /api/datasets/" + name + ".");
		}
		if (cases.size() > this.maxCases) {
			throw new InvalidDatasetException("A dataset holds at most " + this.maxCases + " cases, not " + cases.size()
					+ " (bpmn-agents.datasets.max-cases).");
		}
		this.store.create(name, checkedProcess(process), this.access.person(), cases);
		return view(name);
	}

	/**
	 * Replaces a dataset's cases with those of a JSON Lines file, or makes a new one.
	 * @return whether the dataset is new
	 */
	boolean importLines(String name, String process, byte[] file) {
		this.access.checkMayUse();
		checkedName(name);
		this.store.find(name).ifPresent((existing) -> this.access.checkMayChange(name, existing.createdBy()));
		List<DatasetCase> cases = this.lines.read(file, this.maxCases);
		return this.store.replace(name, checkedProcess(blankToNull(process)), this.access.person(), cases);
	}

	/**
	 * Refuses, before anything is spent on it, a case that could not be added to dataset
	 * {@code name}: the person may not use datasets or change that one, the name is
	 * wrong, or the dataset is full.
	 */
	public void checkMayAdd(String name) {
		this.access.checkMayUse();
		checkedName(name);
		this.store.find(name).ifPresent((existing) -> {
			this.access.checkMayChange(name, existing.createdBy());
			if (existing.caseCount() >= this.maxCases) {
				throw new InvalidDatasetException("Dataset '" + name + "' is full: it holds " + this.maxCases
						+ " cases (bpmn-agents.datasets.max-cases).");
			}
		});
	}

	/**
	 * Adds a case at the end of dataset {@code name}; a new dataset, of no process, when
	 * there is none by that name.
	 */
	public void add(String name, DatasetCase added) {
		checkMayAdd(name);
		this.store.add(name, this.access.person(), added);
	}

	List<DatasetStore.Dataset> all() {
		this.access.checkMayUse();
		return this.store.all();
	}

	DatasetView view(String name) {
		this.access.checkMayUse();
		DatasetStore.Dataset dataset = this.store.find(name).orElseThrow(() -> new DatasetNotFoundException(name));
		List<DatasetCase> cases = this.store.cases(name).orElseThrow(() -> new DatasetNotFoundException(name));
		return new DatasetView(dataset.name(), dataset.process(), dataset.createdBy(), dataset.createdAt(),
				dataset.updatedAt(), cases.size(), cases);
	}

	byte[] export(String name) {
		return this.lines.write(view(name).cases());
	}

	void delete(String name) {
		this.access.checkMayUse();
		DatasetStore.Dataset dataset = this.store.find(name).orElseThrow(() -> new DatasetNotFoundException(name));
		this.access.checkMayChange(name, dataset.createdBy());
		this.store.delete(name);
	}

	private static String checkedName(String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new InvalidDatasetException("'name' must be 1 to 100 letters, digits, '.', '_' or '-', starting with "
					+ "a letter or digit (it is part of the dataset's URL), not '" + name + "'.");
		}
		return name;
	}

	/** The process, when one is given: it must be deployed and visible to the person. */
	private String checkedProcess(String process) {
		if (process != null
				&& this.repository.createProcessDefinitionQuery().processDefinitionKey(process).count() == 0) {
			throw new InvalidDatasetException(
					"'process': there is no deployed process '" + process + "' that you may see.");
		}
		return process;
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

}
