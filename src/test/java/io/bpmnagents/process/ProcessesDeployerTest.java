package io.bpmnagents.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import io.bpmnagents.support.ProcessTest;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.builder.StartEventBuilder;
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
				AgentTaskChains.xml("deployer-schema", Step.of("Task_Answer", "researcher", "${task}", "answer")
					.with("answerSchemaResource", "deployer-answer.schema.json")));
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
	void aGroupOfManyFilesIsNamedWithinTheEnginesColumnTheSameWayEachTime() {
		List<String> group = IntStream.range(0, 30).mapToObj((n) -> "pattern-" + n + ".bpmn").toList();

		String name = ProcessesDeployer.name(group);

		assertThat(name).hasSizeLessThanOrEqualTo(255)
			.startsWith("pattern-0.bpmn+pattern-1.bpmn")
			.endsWith(" files, " + Integer.toHexString(String.join("+", group).hashCode()) + ")");
		assertThat(ProcessesDeployer.name(group)).isEqualTo(name);
		assertThat(ProcessesDeployer.name(List.of("a.bpmn", "a.form"))).isEqualTo("a.bpmn+a.form");
	}

	@Test
	void aCallActivityBoundToItsDeploymentIsDeployedWithTheProcessItCalls() throws IOException {
		Files.writeString(this.folder.resolve("binding-child.bpmn"), probe("binding-child", "Child", null));
		Files.writeString(this.folder.resolve("binding-parent.bpmn"),
				Bpmn.convertToString(Bpmn.createExecutableProcess("binding-parent")
					.camundaHistoryTimeToLive(1)
					.startEvent("StartEvent_Probe")
					.callActivity("CallActivity_Child")
					.calledElement("binding-child")
					.camundaCalledElementBinding("deployment")
					.done()));
		Files.writeString(this.folder.resolve("binding-other.bpmn"), probe("binding-other", "Other", null));

		deployer().deploy();

		assertThat(latest("binding-parent").getDeploymentId()).isEqualTo(latest("binding-child").getDeploymentId());
		assertThat(latest("binding-other").getDeploymentId()).isNotEqualTo(latest("binding-child").getDeploymentId());
		String run = this.runtime.startProcessInstanceByKey("binding-parent").getId();
		assertThat(this.history.createHistoricProcessInstanceQuery().superProcessInstanceId(run).count()).isOne();
	}

	private ProcessesDeployer deployer() {
		return new ProcessesDeployer(this.repository,
				new ProcessesProperties(this.folder.toString(), java.util.List.of()));
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
		StartEventBuilder start = Bpmn.createExecutableProcess(key)
			.name(name)
			.camundaHistoryTimeToLive(1)
			.startEvent("StartEvent_Probe");
		if (formKey != null) {
			start.camundaFormKey(formKey);
		}
		return Bpmn.convertToString(start.done());
	}

}
