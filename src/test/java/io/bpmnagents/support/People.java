package io.bpmnagents.support;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
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

	private final int port;

	People(IdentityService identity, @LocalServerPort int port) {
		this.identity = identity;
		this.port = port;
	}

	/**
	 * Everybody's password: it satisfies Camunda's password policy (which is on), and so
	 * does not contain the user's id.
	 */
	public static final String PASSWORD = "Correct-Horse-7";

	/** A BPMN process with this key that does nothing: a start and an end event. */
	public static String emptyProcess(String key) {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
				    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_%1$s" targetNamespace="test">
				  <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="P1D">
				    <bpmn:startEvent id="StartEvent_1" />
				    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="EndEvent_1" />
				    <bpmn:endEvent id="EndEvent_1" />
				  </bpmn:process>
				</bpmn:definitions>
				""".formatted(key);
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
		return new Person(id,
				RestClient.builder()
					.baseUrl("http://localhost:" + this.port)
					.defaultHeaders((headers) -> headers.setBasicAuth(id, PASSWORD))
					.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
					})
					.build());
	}

	/** A person calling the app as themselves. */
	public record Person(String id, RestClient http) {

		public ResponseEntity<JsonNode> get(String path) {
			return this.http.get().uri(path).retrieve().toEntity(JsonNode.class);
		}

		public ResponseEntity<JsonNode> post(String path, Object body) {
			return send("POST", path, body);
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
