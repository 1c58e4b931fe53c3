package io.bpmnagents.agent;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.bpmnagents.transcript.TranscriptStore;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;

import org.springframework.stereotype.Component;

/**
 * Who "every agent of the run" is, for a broadcast: the agents that made a model call in
 * the run so far, then the agents the asking process was given as its {@code agents}
 * input (a pattern's team, even those whose turn has not come yet); only agents of the
 * registry.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class RunTeam {

	/** The patterns' input that names their agents (DESIGN, patterns). */
	static final String AGENTS_INPUT = "agents";

	private final TranscriptStore transcript;

	private final RuntimeService runtime;

	private final AgentRegistry registry;

	/** The run's agents, in the order they took part, then those named by the input. */
	List<String> of(String runId, String processInstanceId) {
		Set<String> team = new LinkedHashSet<>(this.transcript.agentsOf(runId));
		team.addAll(input(processInstanceId));
		if (!runId.equals(processInstanceId)) {
			team.addAll(input(runId));
		}
		return team.stream().filter((name) -> this.registry.find(name).isPresent()).toList();
	}

	private List<String> input(String processInstanceId) {
		Object agents;
		try {
			agents = this.runtime.getVariable(processInstanceId, AGENTS_INPUT);
		}
		catch (ProcessEngineException ex) {
			// The process has ended (or never had the input): its team is who took part.
			return List.of();
		}
		if (!(agents instanceof Collection<?> names)) {
			return List.of();
		}
		return names.stream().filter(String.class::isInstance).map(String.class::cast).toList();
	}

}
