package io.bpmnagents.security;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.SystemPermissions;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Creates the {@link AccessGroups} and their grants when the engine is built, before any
 * request is served. Only what is missing is created (a group, or a grant of a group on a
 * resource), so a restart is harmless and a grant an administrator changed in the Admin
 * webapp stays as they left it.
 * <p>
 * What is deliberately not granted to anyone but administrators: {@code UPDATE} and
 * {@code UPDATE_INSTANCE}, which in Camunda 7 also allow instance modification, variable
 * changes, message correlation with variables and completing agent tasks with any result
 * (each a way around an approval); {@code DELETE_INSTANCE}, {@code MIGRATE_INSTANCE},
 * {@code SUSPEND_INSTANCE}; and anything on users, groups, memberships, authorizations,
 * tenants, batches and system resources.
 */
@Component
class AccessGrants extends AbstractProcessEnginePlugin {

	private static final Logger log = LoggerFactory.getLogger(AccessGrants.class);

	/** Camunda's application ids, for {@link Resources#APPLICATION} grants. */
	static final String COCKPIT = "cockpit";

	static final String TASKLIST = "tasklist";

	static final String WELCOME = "welcome";

	/** What a task's candidates and assignee hold on it besides {@code READ}. */
	static final Permission TASK_PERMISSION = Permissions.TASK_WORK;

	/** One grant: the group may do these on this resource (id or {@code *}). */
	record Grant(String group, Resource resource, String resourceId, List<Permission> permissions) {

		Grant(String group, Resource resource, String resourceId, Permission... permissions) {
			this(group, resource, resourceId, List.of(permissions));
		}

	}

	static List<Grant> grants() {
		List<Grant> grants = new ArrayList<>();
		for (Resource resource : Resources.values()) {
			grants.add(new Grant(AccessGroups.ADMINISTRATORS, resource, Authorization.ANY, Permissions.ALL));
		}
		String any = Authorization.ANY;
		String modellers = AccessGroups.MODELLERS;
		grants.add(new Grant(modellers, Resources.APPLICATION, COCKPIT, Permissions.ACCESS));
		grants.add(new Grant(modellers, Resources.APPLICATION, WELCOME, Permissions.ACCESS));
		grants.add(new Grant(modellers, Resources.DEPLOYMENT, any, Permissions.CREATE, Permissions.READ));
		grants.add(new Grant(modellers, Resources.PROCESS_DEFINITION, any, ProcessDefinitionPermissions.READ));
		grants.add(new Grant(modellers, Resources.DECISION_DEFINITION, any, Permissions.READ));
		grants.add(new Grant(modellers, Resources.DECISION_REQUIREMENTS_DEFINITION, any, Permissions.READ));
		String operators = AccessGroups.OPERATORS;
		grants.add(new Grant(operators, Resources.APPLICATION, COCKPIT, Permissions.ACCESS));
		grants.add(new Grant(operators, Resources.APPLICATION, WELCOME, Permissions.ACCESS));
		grants.add(new Grant(operators, Resources.PROCESS_DEFINITION, any, ProcessDefinitionPermissions.READ,
				ProcessDefinitionPermissions.CREATE_INSTANCE, ProcessDefinitionPermissions.READ_INSTANCE,
				ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_TASK,
				ProcessDefinitionPermissions.RETRY_JOB));
		grants.add(new Grant(operators, Resources.PROCESS_INSTANCE, any, ProcessInstancePermissions.CREATE,
				ProcessInstancePermissions.READ, ProcessInstancePermissions.RETRY_JOB));
		grants.add(new Grant(operators, Resources.DEPLOYMENT, any, Permissions.READ));
		// The engine's metrics (MetricsReadPlugin).
		grants.add(new Grant(operators, Resources.SYSTEM, any, SystemPermissions.READ));
		String approvers = AccessGroups.APPROVERS;
		// The approval tasks themselves: Camunda grants a task's candidate group READ and
		// TASK_WORK on that task when the task is created (see preInit).
		grants.add(new Grant(approvers, Resources.APPLICATION, TASKLIST, Permissions.ACCESS));
		grants.add(new Grant(approvers, Resources.APPLICATION, WELCOME, Permissions.ACCESS));
		grants.add(new Grant(approvers, Resources.FILTER, any, Permissions.READ));
		return grants;
	}

	/**
	 * What Camunda grants a task's candidates and assignee on the task: {@code TASK_WORK}
	 * (read, claim, complete) instead of its default {@code UPDATE}, which also lets them
	 * set the run's variables, assign the task, and add any user or group as a candidate
	 * (who then sees the run and its transcript). Reading variables stays with
	 * {@code READ} ({@code enforceSpecificVariablePermission} stays off: it would also
	 * hide run variables from operators, who hold {@code READ_INSTANCE}).
	 */
	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		configuration.setDefaultUserPermissionNameForTask(TASK_PERMISSION.getName());
	}

	@Override
	public void postProcessEngineBuild(ProcessEngine engine) {
		IdentityService identity = engine.getIdentityService();
		AuthorizationService authorizations = engine.getAuthorizationService();
		List<String> created = new ArrayList<>();
		for (String id : AccessGroups.ALL) {
			if (identity.createGroupQuery().groupId(id).count() == 0) {
				Group group = identity.newGroup(id);
				group.setName(name(id));
				group.setType(
						AccessGroups.ADMINISTRATORS.equals(id) ? Groups.GROUP_TYPE_SYSTEM : Groups.GROUP_TYPE_WORKFLOW);
				identity.saveGroup(group);
				created.add("group " + id);
			}
		}
		for (Grant grant : grants()) {
			boolean exists = authorizations.createAuthorizationQuery()
				.groupIdIn(grant.group())
				.resourceType(grant.resource())
				.resourceId(grant.resourceId())
				.count() > 0;
			if (!exists) {
				Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
				authorization.setGroupId(grant.group());
				authorization.setResource(grant.resource());
				authorization.setResourceId(grant.resourceId());
				grant.permissions().forEach(authorization::addPermission);
				authorizations.saveAuthorization(authorization);
				created.add(grant.group() + " on " + grant.resource().resourceName() + " " + grant.resourceId());
			}
		}
		if (!created.isEmpty()) {
			log.info("Access groups: created {}", String.join(", ", created));
		}
		int narrowed = narrowOpenApprovals(engine);
		if (narrowed > 0) {
			log.info("Open tasks: {} grant(s) of UPDATE to their candidates or assignee narrowed to TASK_WORK",
					narrowed);
		}
	}

	/**
	 * Tasks created before {@link #preInit} took effect (approvals among them) still
	 * grant their candidates and assignee {@code UPDATE}; they get what a new one grants.
	 * A grant of every permission ({@code ALL}) was given deliberately and stays, and so
	 * do the administrators'.
	 */
	static int narrowOpenApprovals(ProcessEngine engine) {
		AuthorizationService authorizations = engine.getAuthorizationService();
		int narrowed = 0;
		for (Authorization grant : authorizations.createAuthorizationQuery()
			.resourceType(Resources.TASK)
			.hasPermission(Permissions.UPDATE)
			.list()) {
			if (grant.getAuthorizationType() == Authorization.AUTH_TYPE_GRANT && !grant.isEveryPermissionGranted()
					&& !AccessGroups.ADMINISTRATORS.equals(grant.getGroupId())
					&& !Authorization.ANY.equals(grant.getResourceId())) {
				grant.removePermission(Permissions.UPDATE);
				grant.addPermission(TASK_PERMISSION);
				authorizations.saveAuthorization(grant);
				narrowed++;
			}
		}
		return narrowed;
	}

	private static String name(String id) {
		return switch (id) {
			case AccessGroups.MODELLERS -> "Modellers: deploy models";
			case AccessGroups.OPERATORS -> "Operators: start, read and retry runs";
			case AccessGroups.APPROVERS -> "Approvers: decide approvals";
			default -> "camunda BPM Administrators";
		};
	}

}
