package io.bpmnagents.dataset;

import java.util.List;

import io.bpmnagents.security.AccessGroups;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;

import org.springframework.stereotype.Component;

/**
 * Who may use datasets: members of {@code bpmn-agents.datasets.groups} (operators by
 * default) and administrators may create, read and export them; only the person who
 * created a dataset and administrators may replace or delete it. Making a dataset from
 * runs also takes seeing each run ({@code RunService.view}), as the runs' inputs become
 * its cases.
 */
@Component
public class DatasetAccess {

	private final IdentityService identity;

	private final List<String> groups;

	DatasetAccess(IdentityService identity, DatasetProperties properties) {
		this.identity = identity;
		this.groups = properties.groups();
	}

	/**
	 * Refuses a person who may not read datasets; for an evaluation of a dataset too.
	 * @throws NotAllowed when the person is in none of the groups
	 */
	public void checkMayUse() {
		Authentication person = this.identity.getCurrentAuthentication();
		if (person == null || person.getUserId() == null) {
			return;
		}
		List<String> in = (person.getGroupIds() != null) ? person.getGroupIds() : List.of();
		if (!AccessGroups.isAdministrator(in) && in.stream().noneMatch(this.groups::contains)) {
			throw new NotAllowed("User '" + person.getUserId() + "' may not use datasets: they are for members of "
					+ String.join(", ", this.groups) + " and administrators (bpmn-agents.datasets.groups).");
		}
	}

	/**
	 * Refuses a person who may not replace or delete a dataset {@code createdBy} made.
	 */
	void checkMayChange(String name, String createdBy) {
		checkMayUse();
		Authentication person = this.identity.getCurrentAuthentication();
		if (person == null || person.getUserId() == null || person.getUserId().equals(createdBy)
				|| AccessGroups.isAdministrator(person.getGroupIds())) {
			return;
		}
		throw new NotAllowed("User '" + person.getUserId() + "' may not change dataset '" + name + "': only '"
				+ createdBy + "', who created it, and administrators may.");
	}

	/** The person the request runs as; null for the app's own work. */
	String person() {
		Authentication person = this.identity.getCurrentAuthentication();
		return (person != null) ? person.getUserId() : null;
	}

	/** The person may not do that with datasets; answered with 403. */
	public static class NotAllowed extends RuntimeException {

		NotAllowed(String message) {
			super(message);
		}

	}

}
