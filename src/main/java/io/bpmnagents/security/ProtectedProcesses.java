package io.bpmnagents.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.AuthorizationQueryImpl;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.form.entity.CamundaFormDefinitionManager;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.CamundaFormDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.engine.repository.ProcessDefinition;

import org.springframework.stereotype.Component;

/**
 * What a person who is not an administrator may deploy: models without code
 * ({@link ModelCode}), new versions only of processes they deployed first, and no new
 * version of the processes this product ships: those other capabilities contribute as
 * {@link ProtectedProcess} beans (the approval) and every process the app deployed from
 * its processes folder. A modeller's version of either could decide or skip an approval
 * (an approval task that completes itself, a pattern whose gateway ignores
 * {@code requireApproval}). The check runs inside the engine's deployment, so it holds
 * for {@code /engine-rest/deployment/create}, redeployments and the Modeler alike; the
 * app's own deployment at start runs without a person and is not restricted.
 */
@Component
class ProtectedProcesses extends AbstractProcessEnginePlugin {

	/** The deployment source of processes the app deploys from its folder. */
	static final String APP_SOURCE = "bpmn-agents";

	/** Why each contributed process is protected, by key. */
	private final Map<String, String> contributed;

	ProtectedProcesses(List<ProtectedProcess> contributed) {
		this.contributed = contributed.stream()
			.collect(Collectors.toUnmodifiableMap(ProtectedProcess::key, ProtectedProcess::why));
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		List<Deployer> before = (configuration.getCustomPreDeployers() != null)
				? new ArrayList<>(configuration.getCustomPreDeployers()) : new ArrayList<>();
		before.add(ProtectedProcesses::checkCode);
		configuration.setCustomPreDeployers(before);
		List<Deployer> after = (configuration.getCustomPostDeployers() != null)
				? new ArrayList<>(configuration.getCustomPostDeployers()) : new ArrayList<>();
		after.add(this::check);
		configuration.setCustomPostDeployers(after);
	}

	/** Before anything is parsed: a person's files carry no code ({@link ModelCode}). */
	private static void checkCode(DeploymentEntity deployment) {
		Authentication person = byPerson(deployment);
		if (person == null || deployment.getResources() == null) {
			return;
		}
		for (ResourceEntity resource : deployment.getResources().values()) {
			ModelCode.refusal(resource.getName(), resource.getBytes()).ifPresent((reason) -> {
				throw new AuthorizationException("User '" + person.getUserId() + "' may not deploy " + reason
						+ " Only members of " + AccessGroups.ADMINISTRATORS + " deploy models that run code.");
			});
		}
	}

	/**
	 * The person deploying, unless it is an administrator, the app itself, or the engine
	 * re-reading a deployment into its cache (not new), whoever asked for it.
	 */
	private static Authentication byPerson(DeploymentEntity deployment) {
		Authentication person = Context.getCommandContext().getAuthentication();
		if (!deployment.isNew() || person == null || person.getUserId() == null
				|| AccessGroups.isAdministrator(person.getGroupIds())) {
			return null;
		}
		return person;
	}

	private void check(DeploymentEntity deployment) {
		Authentication person = byPerson(deployment);
		if (person == null) {
			return;
		}
		List<ProcessDefinition> definitions = (deployment.getDeployedProcessDefinitions() != null)
				? deployment.getDeployedProcessDefinitions() : List.of();
		for (ProcessDefinition definition : definitions) {
			if (isProtected(definition.getKey(), deployment.getId())) {
				throw new AuthorizationException("User '" + person.getUserId() + "' may not deploy process '"
						+ definition.getKey() + "': it ships with bpmn-agents"
						+ (this.contributed.containsKey(definition.getKey())
								? " and " + this.contributed.get(definition.getKey()) : "")
						+ ", so only members of " + AccessGroups.ADMINISTRATORS + " deploy new versions of it. "
						+ "Deploy your changes under another process id (key).");
			}
			checkOwner("process", definition.getKey(), firstDeployment(definition.getKey(), deployment.getId()),
					person.getUserId());
		}
		// A form, too, is its first deployer's: a process that refers to it by id
		// (binding "latest") shows a person its newest version.
		List<CamundaFormDefinitionEntity> forms = deployment.getDeployedArtifacts(CamundaFormDefinitionEntity.class);
		for (CamundaFormDefinitionEntity form : (forms != null) ? forms : List.<CamundaFormDefinitionEntity>of()) {
			checkOwner("form", form.getKey(), firstFormDeployment(form.getKey(), deployment.getId()),
					person.getUserId());
		}
	}

	/**
	 * A key's later versions are its first deployer's: whoever deploys a new version of a
	 * process (or of a form a process shows) changes what {@code /api/runs}, routes and
	 * process tools start under that id, for everyone. Camunda records the deployer of
	 * each deployment with a grant to that user on it ({@code READ}, {@code DELETE}),
	 * made when the deployment is stored and removed with it; the key's first deployment
	 * still there names its owner. A first deployment without such a grant (the app's, or
	 * one made while authorization was off) leaves the key to administrators.
	 */
	private static void checkOwner(String kind, String key, String first, String user) {
		if (first == null) {
			return;
		}
		Set<String> owners = deployers(first);
		if (!owners.contains(user)) {
			throw new AuthorizationException(
					"User '" + user + "' may not deploy a new version of " + kind + " '" + key + "': it belongs to "
							+ (owners.isEmpty() ? "nobody but " + AccessGroups.ADMINISTRATORS
									: "'" + String.join("', '", owners) + "', who deployed it first")
							+ ", and a new version would change it for everyone who uses it. "
							+ "Deploy yours under another id (key), or ask its owner or a member of "
							+ AccessGroups.ADMINISTRATORS + ".");
		}
	}

	/** The deployment of the key's earliest version still there, but this one. */
	private static String firstDeployment(String key, String newDeployment) {
		return Context.getCommandContext()
			.getProcessDefinitionManager()
			.findProcessDefinitionsByKey(key)
			.stream()
			.filter((definition) -> !definition.getDeploymentId().equals(newDeployment))
			.min(Comparator.comparingInt(ProcessDefinition::getVersion))
			.map(ProcessDefinition::getDeploymentId)
			.orElse(null);
	}

	/** As {@link #firstDeployment}, for a Camunda Form (versions counted from 1). */
	private static String firstFormDeployment(String key, String newDeployment) {
		CamundaFormDefinitionManager forms = Context.getCommandContext().getCamundaFormDefinitionManager();
		CamundaFormDefinitionEntity latest = forms.findLatestDefinitionByKey(key);
		for (int version = 1; latest != null && version <= latest.getVersion(); version++) {
			CamundaFormDefinitionEntity form = forms.findDefinitionByKeyVersionAndTenantId(key, version, null);
			if (form != null && !form.getDeploymentId().equals(newDeployment)) {
				return form.getDeploymentId();
			}
		}
		return null;
	}

	/** The users Camunda granted a deployment to when it was deployed (its deployer). */
	private static Set<String> deployers(String deploymentId) {
		CommandContext context = Context.getCommandContext();
		// Reading authorizations is for administrators; this is the engine's own check.
		List<Authorization> grants = context.runWithoutAuthorization(() -> {
			AuthorizationQueryImpl query = new AuthorizationQueryImpl();
			query.resourceType(Resources.DEPLOYMENT)
				.resourceId(deploymentId)
				.authorizationType(Authorization.AUTH_TYPE_GRANT);
			return query.executeList(context, null);
		});
		return grants.stream()
			.filter((grant) -> grant.getUserId() != null && !Authorization.ANY.equals(grant.getUserId())
					&& grant.isPermissionGranted(Permissions.DELETE))
			.map(Authorization::getUserId)
			.collect(Collectors.toCollection(TreeSet::new));
	}

	/** A contributed process, or one of which a version came from the app's folder. */
	private boolean isProtected(String key, String newDeployment) {
		if (this.contributed.containsKey(key)) {
			return true;
		}
		CommandContext context = Context.getCommandContext();
		return context.getProcessDefinitionManager()
			.findProcessDefinitionsByKey(key)
			.stream()
			.map(ProcessDefinition::getDeploymentId)
			.filter((id) -> !id.equals(newDeployment))
			.distinct()
			.map((id) -> context.getDeploymentManager().findDeploymentById(id))
			.anyMatch((shipped) -> shipped != null && APP_SOURCE.equals(shipped.getSource()));
	}

}
