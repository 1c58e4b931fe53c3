package io.bpmnagents.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.bpmnagents.support.ProcessTest;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@ProcessTest
class ProcessesDeployerTest {

	@Autowired
	RepositoryService repository;

	@Autowired
	RuntimeService runtime;

	@Autowired
	HistoryService history;

	@TempDir
	Path folder;

	@Test
	void aChangedFileBecomesANewVersionAndAnUnchangedOneDoesNot() throws IOException {
		Path changing = this.folder.resolve("deployer-probe.bpmn");
		Files.writeString(changing, probe("deployer-probe", "First name", null));
		Files.writeString(this.folder.resolve("deployer-other.bpmn"), probe("deployer-other", "Other", null));
		ProcessesDeployer deployer = deployer();

		deployer.deploy();
		deployer.deploy();
		assertThat(versions("deployer-probe")).isEqualTo(1);
		assertThat(versions("deployer-other")).isEqualTo(1);

		Files.writeString(changing, probe("deployer-probe", "Second name", null));
		deployer.deploy();
		assertThat(versions("deployer-probe")).isEqualTo(2);
		assertThat(versions("deployer-other")).isEqualTo(1);
		assertThat(latest("deployer-probe").getName()).isEqualTo("Second name");
	}

	@Test
	void anEmbeddedFormIsDeployedWithItsDiagramAndAChangedFormMakesANewVersion() throws IOException {
		Files.writeString(this.folder.resolve("deployer-form.bpmn"),
				probe("deployer-form", "With a form", "embedded:deployment:probe-form.html"));
		Path form = this.folder.resolve("probe-form.html");
		Files.writeString(form, "<form>first</form>");
		ProcessesDeployer deployer = deployer();

		deployer.deploy();
		assertThat(resource(latest("deployer-form"), "probe-form.html")).isEqualTo("<form>first</form>");

		Files.writeString(form, "<form>second</form>");
		deployer.deploy();
		assertThat(versions("deployer-form")).isEqualTo(2);
		assertThat(resource(latest("deployer-form"), "probe-form.html")).isEqualTo("<form>second</form>");
	}

	@Test
	void anAnswerSchemaFileIsDeployedWithTheDiagramThatNamesIt() throws IOException {
		Files.writeString(this.folder.resolve("deployer-schema.bpmn"),
				"""
						<?xml version="1.0" encoding="UTF-8"?>
						<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
						    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="test">
						  <process id="deployer-schema" name="With a schema" isExecutable="true" camunda:historyTimeToLive="P1D">
						    <startEvent id="StartEvent_Probe" />
						    <serviceTask id="Task_Answer" name="Agent answers" camunda:type="external" camunda:topic="agent-task">
						      <extensionElements>
						        <camunda:properties>
						          <camunda:property name="answerSchemaResource" value="deployer-answer.schema.json" />
						        </camunda:properties>
						      </extensionElements>
						    </serviceTask>
						  </process>
						</definitions>
						""");
		Files.writeString(this.folder.resolve("deployer-answer.schema.json"), "{\"type\": \"object\"}");

		deployer().deploy();

		assertThat(resource(latest("deployer-schema"), "deployer-answer.schema.json"))
			.isEqualTo("{\"type\": \"object\"}");
	}

	@Test
	void theProcessesFolderIsDeployedAtStart() {
		assertThat(this.repository.createProcessDefinitionQuery().processDefinitionKey("sequential-pipeline").count())
			.isPositive();
	}

	@Test
	void aCallActivityBoundToItsDeploymentIsDeployedWithTheProcessItCalls() throws IOException {
		Files.writeString(this.folder.resolve("binding-child.bpmn"), probe("binding-child", "Child", null));
		Files.writeString(this.folder.resolve("binding-parent.bpmn"), """
				<?xml version="1.0" encoding="UTF-8"?>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
				    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="test">
				  <process id="binding-parent" isExecutable="true" camunda:historyTimeToLive="P1D">
				    <startEvent id="StartEvent_Probe" />
				    <callActivity id="CallActivity_Child" calledElement="binding-child"
				        camunda:calledElementBinding="deployment" />
				    <sequenceFlow id="Flow_ToChild" sourceRef="StartEvent_Probe" targetRef="CallActivity_Child" />
				  </process>
				</definitions>
				""");
		Files.writeString(this.folder.resolve("binding-other.bpmn"), probe("binding-other", "Other", null));

		deployer().deploy();

		assertThat(latest("binding-parent").getDeploymentId()).isEqualTo(latest("binding-child").getDeploymentId());
		assertThat(latest("binding-other").getDeploymentId()).isNotEqualTo(latest("binding-child").getDeploymentId());
		String run = this.runtime.startProcessInstanceByKey("binding-parent").getId();
		assertThat(this.history.createHistoricProcessInstanceQuery().superProcessInstanceId(run).count()).isOne();
	}

	private ProcessesDeployer deployer() {
		return new ProcessesDeployer(this.repository, new ProcessesProperties(this.folder.toString()));
	}

	private long versions(String key) {
		return this.repository.createProcessDefinitionQuery().processDefinitionKey(key).count();
	}

	private ProcessDefinition latest(String key) {
		return this.repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
	}

	private String resource(ProcessDefinition definition, String name) throws IOException {
		try (InputStream in = this.repository.getResourceAsStream(definition.getDeploymentId(), name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static String probe(String key, String name, String formKey) {
		String form = (formKey != null) ? " camunda:formKey=\"" + formKey + "\"" : "";
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
				    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="test">
				  <process id="%s" name="%s" isExecutable="true" camunda:historyTimeToLive="P1D">
				    <startEvent id="StartEvent_Probe"%s />
				  </process>
				</definitions>
				""".formatted(key, name, form);
	}

}
