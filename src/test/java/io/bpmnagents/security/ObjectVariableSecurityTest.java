package io.bpmnagents.security;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No {@code Object} variable of a class nobody allowed: a client cannot set one (the
 * engine refuses it, {@code 400}, on every route), and one that is stored anyway is never
 * turned into an object of its class, neither when the run starts (its input is recorded)
 * nor when the run is shown; the engine itself reads back only the short list of classes
 * the app stores.
 */
class ObjectVariableSecurityTest extends EndToEndApiTest {

	@Autowired
	RuntimeService runtime;

	@Test
	void aClientCannotStartARunWithAnObjectOfAClassNobodyAllowed() {
		String key = deployWaiting();
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);

		for (ResponseEntity<JsonNode> refused : java.util.List.of(
				operator.post("/engine-rest/process-definition/key/" + key + "/start",
						Map.of("variables", Map.of("context",
								gadget("org.springframework.context.support." + "FileSystemXmlApplicationContext",
										"\"file:///tmp/beans.xml\"")))),
				this.api.post("/engine-rest/process-definition/key/" + key + "/start",
						Map.of("variables", Map.of("when", gadget("java.util.Date", "0")))),
				this.api
					.post("/engine-rest/process-definition/key/" + key + "/start", Map.of("variables", Map.of("items",
							gadget("java.util.ArrayList<" + Gadget.class.getName() + ">", "[{\"name\":\"x\"}]")))))) {
			assertThat(refused.getStatusCode().value()).as(String.valueOf(refused.getBody())).isEqualTo(400);
			assertThat(refused.getBody().path("message").asText()).contains("is an object of type")
				.contains("does not accept");
		}
		assertThat(Gadget.CREATED).hasValue(0);
	}

	@Test
	void theAppsOwnJsonValuesAreStillAccepted() {
		String key = deployWaiting();

		ResponseEntity<JsonNode> started = this.api.post("/engine-rest/process-definition/key/" + key + "/start",
				Map.of("variables",
						Map.of("notes", gadget("java.util.ArrayList<java.lang.Object>", "[{\"text\":\"a\"}]"), "names",
								gadget("java.util.LinkedHashMap", "{\"a\":\"b\"}"))));

		assertThat(started.getStatusCode().value()).as(String.valueOf(started.getBody())).isEqualTo(200);
		String id = started.getBody().path("id").asText();
		assertThat(this.runtime.getVariable(id, "notes")).isEqualTo(java.util.List.of(Map.of("text", "a")));
	}

	@Test
	void aStoredObjectOfAnotherClassIsShownAsItsJsonAndNeverInstantiated() {
		String key = deployWaiting();
		// Stored without a person (as the app's own work is): no request refused it.
		String id = this.runtime
			.startProcessInstanceByKey(key,
					Variables.createVariables()
						.putValueTyped("gadget",
								Variables.serializedObjectValue("{\"name\":\"x\"}")
									.objectTypeName(Gadget.class.getName())
									.serializationDataFormat(Variables.SerializationDataFormats.JSON)
									.create()))
			.getId();

		JsonNode run = this.api.run(id);

		assertThat(run.path("status").asText()).isEqualTo("RUNNING");
		assertThat(run.path("output").path("gadget").path("name").asText()).isEqualTo("x");
		assertThat(Gadget.CREATED).hasValue(0);
		assertThatThrownBy(() -> this.runtime.getVariable(id, "gadget")).isInstanceOf(ProcessEngineException.class)
			.hasMessageContaining(Gadget.class.getName());
		assertThat(Gadget.CREATED).hasValue(0);
	}

	private String deployWaiting() {
		String key = "objects-" + System.nanoTime();
		assertThat(this.api.deploy(key, Map.of(key + ".bpmn", People.waitingProcess(key))).getStatusCode().value())
			.isEqualTo(200);
		return key;
	}

	private static Map<String, Object> gadget(String type, String json) {
		return Map.of("value", json, "type", "Object", "valueInfo",
				Map.of("objectTypeName", type, "serializationDataFormat", "application/json"));
	}

	/** A class whose creation would be a client's code running in the app. */
	public static class Gadget {

		static final AtomicInteger CREATED = new AtomicInteger();

		private String name;

		public Gadget() {
			CREATED.incrementAndGet();
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

	}

}
