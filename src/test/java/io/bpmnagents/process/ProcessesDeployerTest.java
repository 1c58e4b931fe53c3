package io.bpmnagents.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.bpmnagents.support.ProcessTest;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@ProcessTest
class ProcessesDeployerTest {

	@Autowired
	RepositoryService repository;

	@TempDir
	Path folder;

	@Test
	void aChangedFileBecomesANewVersionAndAnUnchangedOneDoesNot() throws IOException {
		Path file = this.folder.resolve("deployer-probe.bpmn");
		Files.writeString(file, probe("First name"));
		ProcessesDeployer deployer = new ProcessesDeployer(this.repository,
				new ProcessesProperties(this.folder.toString()));

		deployer.deploy();
		deployer.deploy();
		assertThat(versions()).isEqualTo(1);

		Files.writeString(file, probe("Second name"));
		deployer.deploy();
		assertThat(versions()).isEqualTo(2);
		assertThat(this.repository.createProcessDefinitionQuery()
			.processDefinitionKey("deployer-probe")
			.latestVersion()
			.singleResult()
			.getName()).isEqualTo("Second name");
	}

	@Test
	void theProcessesFolderIsDeployedAtStart() {
		assertThat(this.repository.createProcessDefinitionQuery().processDefinitionKey("sequential-pipeline").count())
			.isPositive();
	}

	private long versions() {
		return this.repository.createProcessDefinitionQuery().processDefinitionKey("deployer-probe").count();
	}

	private static String probe(String name) {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
				    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="test">
				  <process id="deployer-probe" name="%s" isExecutable="true" camunda:historyTimeToLive="P1D">
				    <startEvent id="StartEvent_Probe" />
				  </process>
				</definitions>
				""".formatted(name);
	}

}
