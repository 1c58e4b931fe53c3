package io.bpmnagents.support;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.builder.StartEventBuilder;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * People in the shipped groups, created through the engine's IdentityService as an
 * administrator would in the Admin webapp, each calling the app over HTTP Basic.
 */
@TestComponent
@Lazy
public class People {

	private final IdentityService identity;

	private final AuthorizationService authorizations;

	private final String engine;

	private final int port;

	People(IdentityService identity, AuthorizationService authorizations, @LocalServerPort int port,
			@Value("${camunda.bpm.process-engine-name:default}") String engine) {
		this.identity = identity;
		this.authorizations = authorizations;
		this.port = port;
		this.engine = engine;
	}

	/**
	 * Everybody's password: it satisfies Camunda's password policy (which is on), and so
	 * does not contain the user's id.
	 */
	public static final String PASSWORD = "Correct-Horse-7";

	/** A BPMN process with this key that does nothing: a start and an end event. */
	public static String emptyProcess(String key) {
		return Bpmn.convertToString(started(key).endEvent("EndEvent_1").done());
	}

	/** A BPMN process whose runs wait at a person's task, {@code Task_Wait}. */
	public static String waitingProcess(String key) {
		return Bpmn.convertToString(started(key).userTask("Task_Wait").name("Wait").endEvent("EndEvent_1").done());
	}

	private static StartEventBuilder started(String key) {
		return Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(1).startEvent("StartEvent_1");
	}

	/** A new person in these groups (none: a person in no group). */
	public Person inGroups(String... groups) {
		String id = ((groups.length > 0) ? groups[0] : "nobody") + System.nanoTime();
		User user = this.identity.newUser(id);
		user.setPassword(PASSWORD);
		this.identity.saveUser(user);
		for (String group : groups) {
			this.identity.createMembership(id, group);
		}
		return new Person(id, LocalHttp.client(this.port, this.engine, id, PASSWORD));
	}

	/**
	 * A person in no shipped group whom an administrator allowed to start these processes
	 * and nothing else: not to read the history of their runs.
	 */
	public Person allowedToStart(String... keys) {
		Person person = inGroups();
		for (String key : keys) {
			grant(person, Resources.PROCESS_DEFINITION, key, ProcessDefinitionPermissions.READ,
					ProcessDefinitionPermissions.CREATE_INSTANCE);
		}
		grant(person, Resources.PROCESS_INSTANCE, Authorization.ANY, ProcessInstancePermissions.CREATE);
		return person;
	}

	/**
	 * Grants the person these permissions on one resource, as an administrator would in
	 * the Admin webapp, and returns the grant's id.
	 */
	public String grant(Person person, Resource resource, String id, Permission... permissions) {
		Authorization authorization = this.authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
		authorization.setUserId(person.id());
		authorization.setResource(resource);
		authorization.setResourceId(id);
		for (Permission permission : permissions) {
			authorization.addPermission(permission);
		}
		return this.authorizations.saveAuthorization(authorization).getId();
	}

	/** Somebody calling the app with this user name and password. */
	public RestClient loggedIn(String user, String password) {
		return LocalHttp.client(this.port, this.engine, user, password);
	}

	/** Somebody who has not logged in. */
	public RestClient anonymous() {
		return LocalHttp.client(this.port, this.engine, null, null);
	}

	/** A person calling the app as themselves. */
	public record Person(String id, RestClient http) {

		public ResponseEntity<JsonNode> get(String path) {
			return this.http.get().uri(path).retrieve().toEntity(JsonNode.class);
		}

		/** Starts a run as this person and returns its id. */
		public String start(String process, Map<String, Object> input) {
			ResponseEntity<JsonNode> started = post("/api/runs", Map.of("process", process, "input", input));
			if (started.getStatusCode().value() != 201) {
				throw new AssertionError("Run not started: " + started.getStatusCode() + " " + started.getBody());
			}
			return started.getBody().path("id").asText();
		}

		public ResponseEntity<JsonNode> post(String path, Object body) {
			return send("POST", path, body);
		}

		/**
		 * Completes a Tasklist task through Camunda's REST API as Tasklist does, with
		 * these text variables.
		 */
		public ResponseEntity<JsonNode> completeTask(String task, Map<String, String> variables) {
			Map<String, Object> typed = new LinkedHashMap<>();
			variables.forEach((name, value) -> typed.put(name, Map.of("value", value, "type", "String")));
			return post("/engine-rest/task/" + task + "/complete", Map.of("variables", typed));
		}

		public ResponseEntity<JsonNode> put(String path, Object body) {
			return send("PUT", path, body);
		}

		public ResponseEntity<JsonNode> delete(String path) {
			return this.http.delete().uri(path).retrieve().toEntity(JsonNode.class);
		}

		/** What Camunda Modeler's "Deploy" sends: one BPMN file. */
		public ResponseEntity<JsonNode> deploy(String fileName, String bpmn) {
			return ModelerDeployment.send(this.http, fileName, Map.of(fileName, bpmn));
		}

		/** What Camunda Modeler's "Deploy" sends: these files, as bytes. */
		public ResponseEntity<JsonNode> deploy(String name, Map<String, byte[]> files) {
			return ModelerDeployment.sendBytes(this.http, name, files);
		}

		private ResponseEntity<JsonNode> send(String method, String path, Object body) {
			return this.http.method(HttpMethod.valueOf(method))
				.uri(path)
				.contentType(MediaType.APPLICATION_JSON)
				.body((body != null) ? body : Map.of())
				.retrieve()
				.toEntity(JsonNode.class);
		}

	}

}
