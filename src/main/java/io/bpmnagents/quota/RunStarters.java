package io.bpmnagents.quota;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.identity.Authentication;

import org.springframework.stereotype.Component;

/**
 * Who started a run and the groups they were in, asked once per run (a run's starter
 * never changes; group membership is taken as it was at the run's first call), for the
 * quotas on users and groups. A call outside any run, a person's direct question to an
 * agent, is the person's who asks.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class RunStarters {

	private final HistoryService history;

	private final IdentityService identity;

	private final Map<String, Starter> starters = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Starter> eldest) {
			return size() > 10_000;
		}

	});

	/** A run's starter; user null when the run was started by no one logged in. */
	record Starter(String user, List<String> groups) {
	}

	Starter of(String runId) {
		Starter known = this.starters.get(runId);
		if (known != null) {
			return known;
		}
		HistoricProcessInstance run = this.history.createHistoricProcessInstanceQuery()
			.processInstanceId(runId)
			.singleResult();
		Starter starter;
		if (run == null && this.identity.getCurrentAuthentication() != null) {
			// A call outside any run (a person's direct question to an agent) is charged
			// to the person who asks.
			Authentication person = this.identity.getCurrentAuthentication();
			starter = new Starter(person.getUserId(),
					(person.getGroupIds() != null) ? List.copyOf(person.getGroupIds()) : List.of());
		}
		else {
			String user = (run != null) ? run.getStartUserId() : null;
			starter = new Starter(user, (user != null)
					? this.identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList()
					: List.of());
		}
		this.starters.put(runId, starter);
		return starter;
	}

}
