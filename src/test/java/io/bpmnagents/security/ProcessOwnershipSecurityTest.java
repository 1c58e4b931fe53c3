package io.bpmnagents.security;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import io.bpmnagents.support.RawHttp;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A modeller owns what they deployed, and only that: the first deployer of a process id
 * (key) deploys its later versions, and deleting a deployment with its runs never erases
 * runs other people started, unless an administrator does it.
 */
class ProcessOwnershipSecurityTest extends EndToEndApiTest {

	@Autowired
	RepositoryService repository;

	@Autowired
	RuntimeService runtime;

	@Autowired
	HistoryService history;

	@Autowired
	AuthorizationService authorizations;

	@LocalServerPort
	int port;

	@Test
	void onlyTheFirstDeployerOfAProcessDeploysItsLaterVersions() {
		Person owner = this.people.inGroups(AccessGroups.MODELLERS);
		Person other = this.people.inGroups(AccessGroups.MODELLERS);
		String key = "owned-" + System.nanoTime();
		ResponseEntity<JsonNode> first = owner.deploy(key + ".bpmn", People.emptyProcess(key));
		String firstDeployment = first.getBody().path("id").asText();

		ResponseEntity<JsonNode> takenOver = other.deploy(key + ".bpmn", People.waitingProcess(key));
		ResponseEntity<JsonNode> redeployed = other.post("/engine-rest/deployment/" + firstDeployment + "/redeploy",
				Map.of());
		ResponseEntity<JsonNode> secondVersion = owner.deploy(key + ".bpmn", People.waitingProcess(key));
		ResponseEntity<JsonNode> byAnAdministrator = this.api.deploy(key,
				Map.of(key + ".bpmn", People.emptyProcess(key)));
		ResponseEntity<JsonNode> afterTheAdministrator = owner.deploy(key + ".bpmn", People.emptyProcess(key));

		assertThat(first.getStatusCode().value()).isEqualTo(200);
		assertThat(takenOver.getStatusCode().value()).isEqualTo(403);
		assertThat(takenOver.getBody().path("message").asText())
			.contains("may not deploy a new version of process '" + key + "'", owner.id());
		assertThat(redeployed.getStatusCode().value()).isEqualTo(403);
		assertThat(secondVersion.getStatusCode().value()).isEqualTo(200);
		assertThat(byAnAdministrator.getStatusCode().value()).isEqualTo(200);
		assertThat(afterTheAdministrator.getStatusCode().value()).isEqualTo(200);
		assertThat(this.repository.createProcessDefinitionQuery().processDefinitionKey(key).count()).isEqualTo(4);
	}

	@Test
	void onlyTheFirstDeployerOfAFormDeploysItsLaterVersions() {
		Person owner = this.people.inGroups(AccessGroups.MODELLERS);
		Person other = this.people.inGroups(AccessGroups.MODELLERS);
		String id = "Form_Owned" + System.nanoTime();
		String form = "{\"id\": \"" + id + "\", \"type\": \"default\", \"schemaVersion\": 16, \"components\": []}";

		ResponseEntity<JsonNode> first = owner.deploy("owned.form", form);
		ResponseEntity<JsonNode> takenOver = other.deploy("owned.form",
				form.replace("[]", "[{\"type\": \"text\", \"text\": \"Send your password to the address below\"}]"));
		ResponseEntity<JsonNode> secondVersion = owner.deploy("owned.form", form.replace("16", "17"));

		assertThat(first.getStatusCode().value()).isEqualTo(200);
		assertThat(takenOver.getStatusCode().value()).isEqualTo(403);
		assertThat(takenOver.getBody().path("message").asText())
			.contains("may not deploy a new version of form '" + id + "'", owner.id());
		assertThat(secondVersion.getStatusCode().value()).isEqualTo(200);
	}

	@Test
	void aProcessAnAdministratorDeployedFirstIsNotAModellersToReplace() {
		Person modeller = this.people.inGroups(AccessGroups.MODELLERS);
		String key = "reviewed-" + System.nanoTime();
		this.api.deploy(key, Map.of(key + ".bpmn", People.emptyProcess(key)));

		ResponseEntity<JsonNode> replaced = modeller.deploy(key + ".bpmn", People.emptyProcess(key));

		assertThat(replaced.getStatusCode().value()).isEqualTo(403);
		assertThat(replaced.getBody().path("message").asText()).contains(ApiClient.USER);
		assertThat(this.repository.createProcessDefinitionQuery().processDefinitionKey(key).count()).isOne();
	}

	@Test
	void aModellersCascadingDeleteKeepsRunsOtherPeopleStarted() throws Exception {
		Person modeller = this.people.inGroups(AccessGroups.MODELLERS);
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		String key = "shared-" + System.nanoTime();
		String deployment = modeller.deploy(key + ".bpmn", People.waitingProcess(key)).getBody().path("id").asText();
		String definition = this.repository.createProcessDefinitionQuery()
			.deploymentId(deployment)
			.singleResult()
			.getId();
		ResponseEntity<JsonNode> started = operator.post("/engine-rest/process-definition/key/" + key + "/start",
				Map.of());
		assertThat(started.getStatusCode().value()).isEqualTo(200);
		// Camunda's own grant to the deployer, which lets them delete their deployment.
		assertThat(this.authorizations.createAuthorizationQuery()
			.userIdIn(modeller.id())
			.resourceType(Resources.DEPLOYMENT)
			.resourceId(deployment)
			.singleResult()
			.isPermissionGranted(Permissions.DELETE)).isTrue();
		// And a grant to delete the definition, as an administrator might give.
		this.people.grant(modeller, Resources.PROCESS_DEFINITION, key, Permissions.DELETE);

		ResponseEntity<JsonNode> deployment1 = modeller
			.delete("/engine-rest/deployment/" + deployment + "?cascade=true");
		ResponseEntity<JsonNode> definition1 = modeller
			.delete("/engine-rest/process-definition/" + definition + "?cascade=true");
		ResponseEntity<JsonNode> byKey = modeller
			.delete("/engine-rest/process-definition/key/" + key + "?cascade=true");
		RawHttp http = new RawHttp(this.port);
		WebappSession cockpit = WebappSession.login(http, modeller.id(), People.PASSWORD, "cockpit");
		RawHttp.Response inCockpit = http.send("DELETE",
				"/camunda/api/engine/engine/default/deployment/" + deployment + "?cascade=true",
				cockpit.headers(Map.of()), null);

		assertThat(deployment1.getStatusCode().value()).isEqualTo(403);
		assertThat(deployment1.getBody().path("message").asText()).contains("started by other people");
		assertThat(definition1.getStatusCode().value()).isEqualTo(403);
		assertThat(byKey.getStatusCode().value()).isEqualTo(403);
		assertThat(inCockpit.status()).as(inCockpit.body()).isEqualTo(403);
		assertThat(this.runtime.createProcessInstanceQuery().processDefinitionKey(key).count()).isOne();
		assertThat(this.repository.createDeploymentQuery().deploymentId(deployment).count()).isOne();

		// Once the run has ended, deleting without cascade keeps its history.
		String run = started.getBody().path("id").asText();
		this.runtime.deleteProcessInstance(run, "test");
		ResponseEntity<JsonNode> withHistory = modeller
			.delete("/engine-rest/deployment/" + deployment + "?cascade=true");
		ResponseEntity<JsonNode> withoutCascade = modeller.delete("/engine-rest/deployment/" + deployment);
		assertThat(withHistory.getStatusCode().value()).isEqualTo(403);
		assertThat(withoutCascade.getStatusCode().value()).isEqualTo(204);
		assertThat(this.history.createHistoricProcessInstanceQuery().processInstanceId(run).count()).isOne();
	}

	@Test
	void aPersonDeletesTheirOwnRunsWithTheirDeploymentAndAnAdministratorAnyone() {
		Person modellerAndOperator = this.people.inGroups(AccessGroups.MODELLERS, AccessGroups.OPERATORS);
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		String mine = "mine-" + System.nanoTime();
		String theirs = "theirs-" + System.nanoTime();
		String myDeployment = modellerAndOperator.deploy(mine + ".bpmn", People.waitingProcess(mine))
			.getBody()
			.path("id")
			.asText();
		String theirDeployment = modellerAndOperator.deploy(theirs + ".bpmn", People.waitingProcess(theirs))
			.getBody()
			.path("id")
			.asText();
		String myRun = modellerAndOperator.post("/engine-rest/process-definition/key/" + mine + "/start", Map.of())
			.getBody()
			.path("id")
			.asText();
		String theirRun = operator.post("/engine-rest/process-definition/key/" + theirs + "/start", Map.of())
			.getBody()
			.path("id")
			.asText();

		ResponseEntity<JsonNode> own = modellerAndOperator
			.delete("/engine-rest/deployment/" + myDeployment + "?cascade=true");
		ResponseEntity<Void> byAnAdministrator = this.api.http()
			.delete()
			.uri("/engine-rest/deployment/" + theirDeployment + "?cascade=true")
			.retrieve()
			.toBodilessEntity();

		assertThat(own.getStatusCode().value()).isEqualTo(204);
		assertThat(this.history.createHistoricProcessInstanceQuery().processInstanceId(myRun).count()).isZero();
		assertThat(byAnAdministrator.getStatusCode().value()).isEqualTo(204);
		assertThat(this.history.createHistoricProcessInstanceQuery().processInstanceId(theirRun).count()).isZero();
	}

}
