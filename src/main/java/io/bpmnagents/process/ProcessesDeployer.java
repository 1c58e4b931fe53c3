package io.bpmnagents.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
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
 * Deploys the models of the processes folder at start, one deployment per group of files
 * that must be deployed together ({@link DeploymentGroups}: usually one diagram with the
 * embedded forms it refers to). Duplicate filtering compares each group with its previous
 * deployment: a changed diagram or form becomes a new version, an unchanged one does not.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ProcessesDeployer {

	static final String SOURCE = "bpmn-agents";

	private static final Logger log = LoggerFactory.getLogger(ProcessesDeployer.class);

	private final RepositoryService repository;

	/** The engine's column for a deployment's name. */
	private static final int MAX_NAME = 255;

	private final ProcessesProperties properties;

	@EventListener(ApplicationStartedEvent.class)
	void deploy() throws IOException {
		deployFolder(this.properties.directory(), "processes");
		for (String extra : this.properties.extraDirectories()) {
			deployFolder(extra, extra);
		}
	}

	/**
	 * Deploys a folder's models, or, when the folder is absent, the copy packaged under
	 * {@code packaged} on the classpath.
	 */
	private void deployFolder(String directory, String packaged) throws IOException {
		Path folder = Path.of(directory);
		String origin;
		Map<String, byte[]> files;
		if (Files.isDirectory(folder)) {
			origin = folder.toAbsolutePath().toString();
			files = readFolder(folder);
		}
		else {
			origin = "classpath:" + packaged + " (folder " + folder.toAbsolutePath() + " not found)";
			files = readClasspath(packaged);
		}
		List<List<String>> groups = DeploymentGroups.of(files);
		if (groups.isEmpty()) {
			log.warn("No BPMN files found in {}", origin);
			return;
		}
		List<String> deployed = new ArrayList<>();
		for (List<String> group : groups) {
			deployed.addAll(deploy(group, files));
		}
		log.info("Processes from {}: {}", origin,
				deployed.isEmpty() ? "unchanged, no new versions" : "deployed " + String.join(", ", deployed));
	}

	private List<String> deploy(List<String> group, Map<String, byte[]> files) {
		DeploymentBuilder deployment = this.repository.createDeployment()
			.name(name(group))
			.source(SOURCE)
			// false: when one file of the group changed, deploy the group together.
			.enableDuplicateFiltering(false);
		group.forEach((name) -> deployment.addInputStream(name, new java.io.ByteArrayInputStream(files.get(name))));
		DeploymentWithDefinitions result = deployment.deployWithResult();
		return (result.getDeployedProcessDefinitions() == null) ? List.of()
				: result.getDeployedProcessDefinitions()
					.stream()
					.map((definition) -> definition.getKey() + " v" + definition.getVersion())
					.toList();
	}

	/**
	 * The group's files joined by "+", the name the engine compares to find the group's
	 * last deployment; cut, with a hash of the whole, where it would not fit the engine's
	 * column (255 characters): files that share a form (such as the patterns' stall
	 * decision) are one group.
	 */
	static String name(List<String> group) {
		String joined = String.join("+", group);
		if (joined.length() <= MAX_NAME) {
			return joined;
		}
		String whole = " (" + group.size() + " files, " + Integer.toHexString(joined.hashCode()) + ")";
		return joined.substring(0, MAX_NAME - whole.length() - 1) + "…" + whole;
	}

	private static Map<String, byte[]> readFolder(Path folder) throws IOException {
		Map<String, byte[]> files = new LinkedHashMap<>();
		try (Stream<Path> paths = Files.list(folder)) {
			for (Path file : paths.filter(Files::isRegularFile).sorted().toList()) {
				files.put(file.getFileName().toString(), Files.readAllBytes(file));
			}
		}
		return files;
	}

	private static Map<String, byte[]> readClasspath(String location) throws IOException {
		Map<String, byte[]> files = new LinkedHashMap<>();
		Resource[] resources = new PathMatchingResourcePatternResolver()
			.getResources("classpath:" + location.replaceAll("/+$", "") + "/*.*");
		for (Resource resource : resources) {
			if (resource.getFilename() != null && resource.isReadable()) {
				try (InputStream in = resource.getInputStream()) {
					files.put(resource.getFilename(), in.readAllBytes());
				}
			}
		}
		return files;
	}

}
