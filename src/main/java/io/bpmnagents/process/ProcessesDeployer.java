package io.bpmnagents.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys the BPMN files of the processes folder at start. Duplicate filtering makes a
 * changed file a new process definition version and leaves unchanged ones alone.
 */
@Component
class ProcessesDeployer {

	static final String DEPLOYMENT_NAME = "bpmn-agents";

	private static final Logger log = LoggerFactory.getLogger(ProcessesDeployer.class);

	private final RepositoryService repository;

	private final ProcessesProperties properties;

	ProcessesDeployer(RepositoryService repository, ProcessesProperties properties) {
		this.repository = repository;
		this.properties = properties;
	}

	@EventListener(ApplicationStartedEvent.class)
	void deploy() throws IOException {
		DeploymentBuilder deployment = this.repository.createDeployment()
			.name(DEPLOYMENT_NAME)
			.source("bpmn-agents")
			.enableDuplicateFiltering(true);
		Path folder = Path.of(this.properties.directory());
		String origin;
		if (Files.isDirectory(folder)) {
			origin = folder.toAbsolutePath().toString();
			try (Stream<Path> files = Files.list(folder)) {
				for (Path file : files.filter(ProcessesDeployer::isModel).sorted().toList()) {
					try (InputStream in = Files.newInputStream(file)) {
						deployment.addInputStream(file.getFileName().toString(),
								new java.io.ByteArrayInputStream(in.readAllBytes()));
					}
				}
			}
		}
		else {
			origin = "classpath:processes (folder " + folder.toAbsolutePath() + " not found)";
			Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath:processes/*");
			for (Resource resource : resources) {
				if (resource.getFilename() != null && isModel(Path.of(resource.getFilename()))) {
					try (InputStream in = resource.getInputStream()) {
						deployment.addInputStream(resource.getFilename(),
								new java.io.ByteArrayInputStream(in.readAllBytes()));
					}
				}
			}
		}
		if (deployment.getResourceNames().isEmpty()) {
			log.warn("No BPMN files found in {}", origin);
			return;
		}
		DeploymentWithDefinitions result = deployment.deployWithResult();
		List<String> deployed = result.getDeployedProcessDefinitions() == null ? List.of()
				: result.getDeployedProcessDefinitions()
					.stream()
					.map((definition) -> definition.getKey() + " v" + definition.getVersion())
					.toList();
		log.info("Processes from {}: {}", origin,
				deployed.isEmpty() ? "unchanged, no new versions" : "deployed " + String.join(", ", deployed));
	}

	private static boolean isModel(Path file) {
		String name = file.getFileName().toString();
		return name.endsWith(".bpmn") || name.endsWith(".dmn") || name.endsWith(".form");
	}

}
