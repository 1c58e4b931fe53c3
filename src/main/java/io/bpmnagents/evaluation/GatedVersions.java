package io.bpmnagents.evaluation;

import java.util.function.Supplier;

import io.bpmnagents.run.RunAccess;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Process versions held back by a gate: deployed through {@code POST /api/deployments}
 * with an evaluation ({@value #SOURCE} is their deployment's source), suspended so that
 * nobody starts them, and activated by their evaluation when it passes. The evaluation's
 * own case runs start such a version for a moment: activated, started and suspended again
 * in one transaction, so no other transaction sees it active (the engine reads a
 * version's state from the database in each command).
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class GatedVersions {

	/** The deployment source of a gated deployment. */
	static final String SOURCE = "bpmn-agents gate";

	private final RepositoryService repository;

	private final AuthorizationService authorizations;

	private final ObjectProvider<RunAccess> access;

	private final TransactionTemplate transaction;

	/** Whether the version is held back by a gate now. */
	boolean isHeld(String processDefinitionId) {
		return asApp(() -> {
			ProcessDefinition definition = this.repository.getProcessDefinition(processDefinitionId);
			return definition.isSuspended() && SOURCE.equals(deployment(definition).getSource());
		});
	}

	/** Suspends a version just deployed through a gate. */
	void holdBack(String processDefinitionId) {
		asApp(() -> {
			this.repository.suspendProcessDefinitionById(processDefinitionId);
			return null;
		});
	}

	/**
	 * Starts a run of a held-back version: {@code start} runs while it is active, inside
	 * one transaction that suspends it again.
	 */
	String startHeld(String processDefinitionId, Supplier<String> start) {
		return this.transaction.execute((status) -> {
			asApp(() -> {
				this.repository.activateProcessDefinitionById(processDefinitionId);
				return null;
			});
			try {
				return start.get();
			}
			finally {
				holdBack(processDefinitionId);
			}
		});
	}

	/**
	 * Activates a held-back version once its evaluation passed, if the person who started
	 * the evaluation deployed it (Camunda grants a deployer their deployment).
	 * @return whether it was activated
	 */
	boolean release(String processDefinitionId, String evaluatedBy) {
		return asApp(() -> {
			ProcessDefinition definition = this.repository.getProcessDefinition(processDefinitionId);
			Deployment deployment = deployment(definition);
			if (!SOURCE.equals(deployment.getSource()) || !deployedBy(deployment.getId(), evaluatedBy)) {
				return false;
			}
			this.repository.activateProcessDefinitionById(processDefinitionId);
			return true;
		});
	}

	private boolean deployedBy(String deploymentId, String user) {
		if (user == null) {
			return false;
		}
		return this.authorizations.createAuthorizationQuery()
			.resourceType(Resources.DEPLOYMENT)
			.resourceId(deploymentId)
			.userIdIn(user)
			.authorizationType(Authorization.AUTH_TYPE_GRANT)
			.list()
			.stream()
			.anyMatch((grant) -> grant.isPermissionGranted(Permissions.DELETE));
	}

	private Deployment deployment(ProcessDefinition definition) {
		return this.repository.createDeploymentQuery().deploymentId(definition.getDeploymentId()).singleResult();
	}

	private <T> T asApp(Supplier<T> work) {
		return this.access.getObject().asApp(work);
	}

}
