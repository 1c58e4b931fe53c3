package io.bpmnagents.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bpmnagents.agent.AgentRegistry;
import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.dataset.DatasetCase;
import io.bpmnagents.dataset.DatasetAccess;
import io.bpmnagents.dataset.DatasetCatalog;
import io.bpmnagents.replay.ReplayRequest;
import io.bpmnagents.run.RunHistory;
import io.bpmnagents.run.RunOperations;
import io.bpmnagents.run.RunView;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinitionQuery;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Checks a request for an evaluation as the person who sent it and makes the plan the
 * evaluation run follows: a field that is missing or wrong is refused naming it (400), a
 * run the person may not see, an unknown process, version or dataset is not found (404),
 * and starting needs the grants to start the evaluation and the target (403).
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class EvaluationPlans {

	static final int MAX_CRITERIA = 4000;

	private final RunOperations runs;

	private final RepositoryService repository;

	private final AgentRegistry agents;

	private final ObjectProvider<DatasetCatalog> datasets;

	private final ObjectProvider<DatasetAccess> datasetAccess;

	private final EvaluationProperties properties;

	/** What an evaluation run is started with. */
	record Plan(List<EvaluationCase> cases, ProcessDefinition target, String judge, String criteria,
			Map<String, EvaluationRequest.Override> agents) {
	}

	Plan plan(EvaluationRequest request) {
		if (request == null) {
			throw new InvalidInputException("target", "The request needs a body: {\"runs\": [ids], \"target\": "
					+ "{\"process\": KEY}} (or \"search\" or \"dataset\" instead of \"runs\").");
		}
		if (!this.runs.mayStart(Evaluations.PROCESS)) {
			throw new EvaluationException.NotAllowed("You may not start evaluations: they are for members of "
					+ "operators and administrators (an administrator adds you in the Admin webapp).");
		}
		ProcessDefinition target = target(request.target());
		if (!this.runs.mayStart(target.getKey())) {
			throw new EvaluationException.NotAllowed("You may not start runs of '" + target.getKey()
					+ "', so you may not evaluate it: an evaluation starts its runs as you.");
		}
		String judge = judge(request.judge());
		String criteria = criteria(request.judge());
		Map<String, EvaluationRequest.Override> overrides = overrides(request.agents());
		List<EvaluationCase> cases = cases(request, target.getKey());
		if (cases.isEmpty()) {
			throw new InvalidInputException(source(request),
					"There is nothing to evaluate: the " + source(request) + " gave no finished run or case.");
		}
		if (cases.size() > this.properties.maxCases()) {
			throw new InvalidInputException(source(request), "An evaluation takes at most " + this.properties.maxCases()
					+ " cases, the " + source(request) + " gave " + cases.size() + ".");
		}
		return new Plan(cases, target, judge, criteria, overrides);
	}

	private ProcessDefinition target(EvaluationRequest.Target target) {
		if (target == null || target.process() == null || target.process().isBlank()) {
			throw new InvalidInputException("target.process",
					"Field 'target.process' is required: the key of the process to evaluate, e.g. sequential-pipeline.");
		}
		if (target.version() != null && target.version() < 1) {
			throw new InvalidInputException("target.version", "Field 'target.version' must be a version number of "
					+ "the process (1 or more), or left out for the latest; it was " + target.version() + ".");
		}
		ProcessDefinitionQuery query = this.repository.createProcessDefinitionQuery()
			.processDefinitionKey(target.process());
		ProcessDefinition definition = (target.version() != null)
				? query.processDefinitionVersion(target.version()).singleResult()
				: query.latestVersion().singleResult();
		if (definition == null) {
			throw new EvaluationException.NotFound((target.version() != null)
					? "Process '" + target.process() + "' has no version " + target.version() + "."
					: "No process '" + target.process() + "' is deployed.");
		}
		return definition;
	}

	private String judge(EvaluationRequest.Judge judge) {
		String name = (judge != null && judge.agent() != null && !judge.agent().isBlank()) ? judge.agent().strip()
				: this.properties.judge();
		if (this.agents.find(name).isEmpty()) {
			throw new InvalidInputException("judge.agent", "Unknown agent '" + name + "' as judge: one of "
					+ this.agents.all().stream().map((agent) -> agent.name()).sorted().toList() + ".");
		}
		return name;
	}

	private String criteria(EvaluationRequest.Judge judge) {
		if (judge == null || judge.criteria() == null || judge.criteria().isBlank()) {
			return this.properties.criteria();
		}
		if (judge.criteria().length() > MAX_CRITERIA) {
			throw new InvalidInputException("judge.criteria", "Field 'judge.criteria' is at most " + MAX_CRITERIA
					+ " characters, was " + judge.criteria().length() + ".");
		}
		return judge.criteria().strip();
	}

	private Map<String, EvaluationRequest.Override> overrides(Map<String, EvaluationRequest.Override> given) {
		Map<String, EvaluationRequest.Override> overrides = new LinkedHashMap<>();
		if (given == null) {
			return overrides;
		}
		given.forEach((name, override) -> {
			if (this.agents.find(name).isEmpty()) {
				throw new InvalidInputException("agents." + name, "Unknown agent '" + name + "' in 'agents'.");
			}
			ReplayRequest.AgentOverride
				.problem(name,
						(override != null) ? new ReplayRequest.AgentOverride(override.model(), override.systemPrompt())
								: null)
				.ifPresent((problem) -> {
					throw new InvalidInputException("agents." + name, problem);
				});
			overrides.put(name, override);
		});
		return overrides;
	}

	private List<EvaluationCase> cases(EvaluationRequest request, String process) {
		int sources = ((request.runs() != null) ? 1 : 0) + ((request.search() != null) ? 1 : 0)
				+ ((request.dataset() != null) ? 1 : 0);
		if (sources != 1) {
			throw new InvalidInputException("runs", "Give exactly one of 'runs' (run ids), 'search' (process, status, "
					+ "startedFrom, startedTo) or 'dataset' (a dataset's name); " + sources + " were given.");
		}
		if (request.dataset() != null) {
			return datasetCases(request.dataset());
		}
		List<String> ids = (request.runs() != null) ? request.runs() : found(request.search(), process);
		List<EvaluationCase> cases = new ArrayList<>();
		for (String id : ids) {
			if (id == null || id.isBlank()) {
				throw new InvalidInputException("runs", "'runs' holds an empty run id: name finished runs by id.");
			}
			cases.add(new EvaluationCase(cases.size(), recorded(id, process), null, null, null));
		}
		return cases;
	}

	/**
	 * The run, if the person may see it, it has ended and it ran the target's process.
	 */
	private String recorded(String id, String process) {
		RunView run;
		try {
			run = this.runs.view(id);
		}
		catch (RunOperations.Refused ex) {
			throw new EvaluationException.NotFound("No run with id '" + id + "' (in 'runs').");
		}
		if (run.status() == RunView.Status.RUNNING) {
			throw new InvalidInputException("runs", "Run '" + id + "' is still running: only finished runs can be "
					+ "evaluated. Wait for it to end, or stop it, first.");
		}
		if (!process.equals(run.process())) {
			throw new InvalidInputException("runs", "Run '" + id + "' is a run of '" + run.process()
					+ "', not of the target '" + process + "': a recorded run replays against its own process.");
		}
		return id;
	}

	private List<String> found(EvaluationRequest.Search search, String process) {
		String searched = (search.process() != null) ? search.process() : process;
		try {
			RunHistory.RunPage page = this.runs.find(searched, search.status(), search.startedFrom(),
					search.startedTo(), 0, Math.min(this.properties.maxCases(), 100));
			return page.runs()
				.stream()
				.filter((run) -> run.status() != RunView.Status.RUNNING)
				.map(RunHistory.RunSummary::id)
				.toList();
		}
		catch (RunOperations.Refused ex) {
			throw new InvalidInputException("search." + ex.field(), ex.getMessage());
		}
	}

	private List<EvaluationCase> datasetCases(String name) {
		DatasetAccess access = this.datasetAccess.getIfAvailable();
		if (access != null) {
			try {
				access.checkMayUse();
			}
			catch (DatasetAccess.NotAllowed ex) {
				throw new EvaluationException.NotAllowed(ex.getMessage());
			}
		}
		DatasetCatalog catalog = this.datasets.getIfAvailable();
		List<DatasetCase> found = (catalog != null) ? catalog.cases(name).orElse(null) : null;
		if (found == null) {
			throw new EvaluationException.NotFound("No dataset '" + name + "'.");
		}
		List<EvaluationCase> cases = new ArrayList<>();
		for (DatasetCase item : found) {
			cases.add(new EvaluationCase(cases.size(), item.sourceRunId(), item.id(),
					(item.input() != null) ? item.input() : Map.of(), item.expected()));
		}
		return cases;
	}

	static String source(EvaluationRequest request) {
		return (request.dataset() != null) ? "dataset" : (request.search() != null) ? "search" : "runs";
	}

}
