package io.bpmnagents.run;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import io.bpmnagents.quota.QuotaRequests;
import io.bpmnagents.security.AccessGroups;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.identity.Authentication;

import org.springframework.stereotype.Component;

/**
 * Who sees a run: the person who started it, people whose groups may read the history of
 * its process (operators and administrators by default), and the approvers of its
 * approval while it is offered to them or after they decided it. Everybody else is told
 * there is no such run ({@code 404}), so run ids do not reveal which runs exist.
 * <p>
 * The person is the one the request runs as in the engine ({@code EngineIdentityFilter});
 * the app's own work has none and sees every run. Once a run may be seen, its parts are
 * read as the app, so the view is whole whatever the person's grants on the processes it
 * called.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class RunAccess {

	private final IdentityService identity;

	private final HistoryService history;

	private final AuthorizationService authorizations;

	private final List<RunVisibility> visibility;

	private final RunViewQuery query;

	/**
	 * Reads a run as the app once the current person may see it.
	 * @throws RunNotFoundException when there is no such run or the person may not see it
	 */
	<T> T read(String id, Function<HistoricProcessInstance, T> reading) {
		if (id == null || id.isBlank()) {
			// The engine's query takes a null id as no condition at all: with one run in
			// the database it would be that run.
			throw new RunNotFoundException(String.valueOf(id), "a run id is required.");
		}
		Authentication person = this.identity.getCurrentAuthentication();
		return asApp(() -> reading.apply(seen(id, this.query.run(id), person)));
	}

	/**
	 * Reads a run's parts as the app, its history row among them, and hands them on once
	 * the current person may see the run: the parts and the run in one read.
	 * @param runOf the run's history row among the parts, {@code null} when there is no
	 * such run
	 * @throws RunNotFoundException when there is no such run or the person may not see it
	 */
	<P> P read(String id, Function<String, P> reading, Function<P, HistoricProcessInstance> runOf) {
		Authentication person = this.identity.getCurrentAuthentication();
		return asApp(() -> {
			P parts = reading.apply(id);
			seen(id, runOf.apply(parts), person);
			return parts;
		});
	}

	/** The run, if the person may see it; read as the app. */
	private HistoricProcessInstance seen(String id, HistoricProcessInstance run, Authentication person) {
		if (run == null || !maySee(run, person)) {
			throw new RunNotFoundException(id);
		}
		if (person != null && person.getUserId() != null && !isRun(run)) {
			throw notARun(run, person);
		}
		return run;
	}

	/**
	 * Whether a process instance is a run: one started on its own (not called by another
	 * process), and not one of the app's own processes that serve runs from beside them
	 * ({@link #APP_PROCESSES}).
	 */
	static boolean isRun(HistoricProcessInstance instance) {
		String root = instance.getRootProcessInstanceId();
		return (root == null || instance.getId().equals(root))
				&& !APP_PROCESSES.contains(instance.getProcessDefinitionKey());
	}

	/**
	 * The app's own processes that it starts beside a run rather than as a part of it: a
	 * request to allow more of a spent quota belongs to the quota's audit
	 * ({@code GET /api/quotas}) and shows in the waiting runs' transcripts.
	 */
	static final Set<String> APP_PROCESSES = Set.of(QuotaRequests.PROCESS_KEY);

	/**
	 * A person asked for an instance that is no run: a 404 that says where the run is,
	 * when they may see it.
	 */
	private RunNotFoundException notARun(HistoricProcessInstance instance, Authentication person) {
		if (APP_PROCESSES.contains(instance.getProcessDefinitionKey())) {
			return new RunNotFoundException(instance.getId(),
					"'" + instance.getId() + "' is a " + instance.getProcessDefinitionKey()
							+ ", not a run: GET /api/quotas shows the requests, and "
							+ "each waiting run's transcript shows the decision.");
		}
		HistoricProcessInstance root = this.history.createHistoricProcessInstanceQuery()
			.processInstanceId(instance.getRootProcessInstanceId())
			.singleResult();
		if (root == null || !maySee(root, person)) {
			return new RunNotFoundException(instance.getId());
		}
		return new RunNotFoundException(instance.getId(),
				"'" + instance.getId() + "' is not a run but the process " + instance.getProcessDefinitionKey()
						+ " that run '" + root.getId() + "' called: ask for /api/runs/" + root.getId() + ".");
	}

	/**
	 * Does work as the app, without the person's engine grants; for work the person was
	 * allowed by a check of ours first, such as a message into a run they may see.
	 */
	public <T> T asApp(Supplier<T> work) {
		Authentication person = this.identity.getCurrentAuthentication();
		this.identity.clearAuthentication();
		try {
			return work.get();
		}
		finally {
			if (person != null) {
				this.identity.setAuthentication(person);
			}
		}
	}

	/**
	 * Does work as the person, with the groups they are in now, as a request of theirs
	 * would (an event stream they opened, a run an evaluation of theirs starts); as the
	 * app for {@code null}. The thread has no person afterwards.
	 */
	public <T> T asPerson(String user, Supplier<T> work) {
		if (user == null) {
			return work.get();
		}
		List<String> groups = this.identity.createGroupQuery()
			.groupMember(user)
			.list()
			.stream()
			.map(Group::getId)
			.toList();
		this.identity.setAuthentication(user, groups);
		try {
			return work.get();
		}
		finally {
			this.identity.clearAuthentication();
		}
	}

	/**
	 * Refuses, with a reason, a person who may not start runs of the process: that takes
	 * {@code READ} and {@code CREATE_INSTANCE} on its definition and {@code CREATE} on
	 * process instances, as for Camunda's own start. The engine checks them again when
	 * the run starts.
	 * @throws NotAllowed when the person lacks the grants
	 */
	void checkMayStart(String process) {
		Authentication person = this.identity.getCurrentAuthentication();
		if (person == null || person.getUserId() == null || AccessGroups.isAdministrator(person.getGroupIds())) {
			return;
		}
		List<String> groups = (person.getGroupIds() != null) ? person.getGroupIds() : List.of();
		String key = (process != null && !process.isBlank()) ? process : Authorization.ANY;
		boolean allowed = asApp(() -> this.authorizations.isUserAuthorized(person.getUserId(), groups,
				ProcessDefinitionPermissions.READ, Resources.PROCESS_DEFINITION, key)
				&& this.authorizations.isUserAuthorized(person.getUserId(), groups,
						ProcessDefinitionPermissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION, key)
				&& this.authorizations.isUserAuthorized(person.getUserId(), groups, ProcessInstancePermissions.CREATE,
						Resources.PROCESS_INSTANCE, Authorization.ANY));
		if (!allowed) {
			throw new NotAllowed("User '" + person.getUserId() + "' may not start runs of '" + key
					+ "': starting runs is for members of " + AccessGroups.OPERATORS
					+ " (an administrator adds you in the Admin webapp).");
		}
	}

	/**
	 * Refuses a person who may not retry the runs of the process: retrying takes
	 * {@code RETRY_JOB} on its definition (operators) or being an administrator.
	 * @throws NotAllowed when the person lacks the grant
	 */
	void checkMayRetry(String process) {
		Authentication person = this.identity.getCurrentAuthentication();
		if (person == null || person.getUserId() == null || AccessGroups.isAdministrator(person.getGroupIds())) {
			return;
		}
		List<String> groups = (person.getGroupIds() != null) ? person.getGroupIds() : List.of();
		boolean allowed = asApp(() -> this.authorizations.isUserAuthorized(person.getUserId(), groups,
				ProcessDefinitionPermissions.RETRY_JOB, Resources.PROCESS_DEFINITION, process));
		if (!allowed) {
			throw new NotAllowed("User '" + person.getUserId() + "' may not retry runs of '" + process
					+ "': retrying is for members of " + AccessGroups.OPERATORS + ".");
		}
	}

	/**
	 * Refuses a person who may not stop the run: its starter, operators (who may retry
	 * runs of its process) and administrators may.
	 * @throws NotAllowed when the person is none of them
	 */
	void checkMayStop(String id, String process) {
		Authentication person = this.identity.getCurrentAuthentication();
		if (person == null || person.getUserId() == null || AccessGroups.isAdministrator(person.getGroupIds())) {
			return;
		}
		List<String> groups = (person.getGroupIds() != null) ? person.getGroupIds() : List.of();
		boolean allowed = asApp(() -> {
			HistoricProcessInstance run = this.history.createHistoricProcessInstanceQuery()
				.processInstanceId(id)
				.singleResult();
			return (run != null && person.getUserId().equals(run.getStartUserId()))
					|| this.authorizations.isUserAuthorized(person.getUserId(), groups,
							ProcessDefinitionPermissions.RETRY_JOB, Resources.PROCESS_DEFINITION, process);
		});
		if (!allowed) {
			throw new NotAllowed("User '" + person.getUserId() + "' may not stop run '" + id
					+ "': a run is stopped by the person who started it, members of " + AccessGroups.OPERATORS
					+ " and administrators.");
		}
	}

	private boolean maySee(HistoricProcessInstance run, Authentication person) {
		if (person == null || person.getUserId() == null) {
			return true;
		}
		String user = person.getUserId();
		List<String> groups = (person.getGroupIds() != null) ? person.getGroupIds() : List.of();
		return user.equals(run.getStartUserId()) || AccessGroups.isAdministrator(groups)
				|| this.authorizations.isUserAuthorized(user, groups, ProcessDefinitionPermissions.READ_HISTORY,
						Resources.PROCESS_DEFINITION, run.getProcessDefinitionKey())
				|| this.visibility.stream().anyMatch((rule) -> rule.grants(run, user, groups));
	}

	/**
	 * The runs that rules besides start and history grants let the person see (such as
	 * the runs whose approval a person is offered), for searches.
	 */
	Set<String> runsGrantedByRules(String user, List<String> groups) {
		return asApp(() -> {
			Set<String> granted = new HashSet<>();
			this.visibility.forEach((rule) -> granted.addAll(rule.runsGranted(user, groups)));
			return granted;
		});
	}

	/** The person lacks the grants for what they asked; answered with 403. */
	public static class NotAllowed extends RuntimeException {

		NotAllowed(String message) {
			super(message);
		}

	}

}
