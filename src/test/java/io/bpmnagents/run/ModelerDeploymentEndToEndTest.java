package io.bpmnagents.run;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Camunda Modeler's "Deploy" does, then a run of the new process through /api/runs.
 */
@EndToEndTest
class ModelerDeploymentEndToEndTest {

	private static final String MODEL = """
			<?xml version="1.0" encoding="UTF-8"?>
			<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
			    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Haiku" targetNamespace="test">
			  <bpmn:process id="haiku" name="Haiku" isExecutable="true" camunda:historyTimeToLive="P1D">
			    <bpmn:startEvent id="StartEvent_Topic" name="Topic given" />
			    <bpmn:sequenceFlow id="Flow_ToPoet" sourceRef="StartEvent_Topic" targetRef="Task_Write" />
			    <bpmn:serviceTask id="Task_Write" name="Write a haiku" camunda:type="external" camunda:topic="agent-task">
			      <bpmn:extensionElements>
			        <camunda:properties>
			          <camunda:property name="agent" value="writer" />
			          <camunda:property name="prompt" value="Write a haiku about ${topic}" />
			          <camunda:property name="resultVariable" value="haiku" />
			        </camunda:properties>
			      </bpmn:extensionElements>
			    </bpmn:serviceTask>
			    <bpmn:sequenceFlow id="Flow_ToEnd" sourceRef="Task_Write" targetRef="EndEvent_Done" />
			    <bpmn:endEvent id="EndEvent_Done" name="Haiku written" />
			  </bpmn:process>
			</bpmn:definitions>
			""";

	@Autowired
	ApiClient api;

	@Test
	void aProcessDeployedOverEngineRestRunsThroughTheRunsApi() {
		ResponseEntity<JsonNode> deployed = this.api.deploy("haiku", Map.of("haiku.bpmn", MODEL));
		assertThat(deployed.getStatusCode().value()).isEqualTo(200);

		String id = this.api.start("haiku", Map.of("topic", "autumn rain ${not.an.expression}"));
		JsonNode run = this.api.awaitEnd(id);

		assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(run.path("output").path("haiku").asText()).isNotBlank();
		assertThat(this.api.transcript(id).get(0).path("prompt").asText())
			.isEqualTo("Write a haiku about autumn rain ${not.an.expression}");
	}

}
