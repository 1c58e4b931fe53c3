package io.bpmnagents.security;

import java.util.List;

import org.camunda.bpm.engine.authorization.Groups;

/**
 * The Camunda groups this product ships, each with its grants ({@link AccessGrants}). A
 * user in none of them can log in and do nothing.
 */
public final class AccessGroups {

	/**
	 * Everything, including users, groups, authorizations, migration and modification.
	 */
	public static final String ADMINISTRATORS = Groups.CAMUNDA_ADMIN;

	/** Deploy models and read definitions. */
	public static final String MODELLERS = "modellers";

	/** Start runs, read runs, their history and incidents, retry what failed. */
	public static final String OPERATORS = "operators";

	/** Decide approvals: the approval tasks offered to them. */
	public static final String APPROVERS = "approvers";

	static final List<String> ALL = List.of(ADMINISTRATORS, MODELLERS, OPERATORS, APPROVERS);

	private AccessGroups() {
	}

	/** Whether a person with these groups is an administrator. */
	public static boolean isAdministrator(List<String> groups) {
		return groups != null && groups.contains(ADMINISTRATORS);
	}

}
