package io.bpmnagents.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Deploys the models of the processes folder at start, one deployment per model file
 * (named after it) that also holds the embedded forms the model refers to
 * ({@code embedded:deployment:approve-result.html}), since Tasklist loads such a form
 * from the process definition's own deployment. Duplicate filtering compares each
 * deployment with its previous one: a changed diagram or form becomes a new version, an
 * unchanged one does not.
 */
@Component
class ProcessesDeployer {

	static final String SOURCE = "bpmn-agents";

	private static final Pattern EMBEDDED_FORM = Pattern.compile("embedded:deployment:([A-Za-z0-9_./-]+)");

	private static final Logger log = LoggerFactory.getLogger(ProcessesDeployer.class);

	private final RepositoryService repository;

	private final ProcessesProperties properties;

	ProcessesDeployer(RepositoryService repository, ProcessesProperties properties) {
		this.repository = repository;
		this.properties = properties;
	}

	@EventListener(ApplicationStartedEvent.class)
	void deploy() throws IOException {
		Path folder = Path.of(this.properties.directory());
		String origin;
		Map<String, byte[]> files;
		if (Files.isDirectory(folder)) {
			origin = folder.toAbsolutePath().toString();
			files = readFolder(folder);
		}
		else {
			origin = "classpath:processes (folder " + folder.toAbsolutePath() + " not found)";
			files = readClasspath();
		}
		List<String> deployed = new ArrayList<>();
		int models = 0;
		for (Map.Entry<String, byte[]> file : files.entrySet()) {
			if (isModel(file.getKey())) {
				models++;
				deployed.addAll(deploy(file.getKey(), file.getValue(), files));
			}
		}
		if (models == 0) {
			log.warn("No BPMN files found in {}", origin);
			return;
		}
		log.info("Processes from {}: {}", origin,
				deployed.isEmpty() ? "unchanged, no new versions" : "deployed " + String.join(", ", deployed));
	}

	private List<String> deploy(String name, byte[] model, Map<String, byte[]> files) {
		DeploymentBuilder deployment = this.repository.createDeployment()
			.name(name)
			.source(SOURCE)
			// false: when the model or one of its forms changed, deploy both together.
			.enableDuplicateFiltering(false)
			.addInputStream(name, new java.io.ByteArrayInputStream(model));
		Matcher forms = EMBEDDED_FORM.matcher(new String(model, StandardCharsets.UTF_8));
		while (forms.find()) {
			String form = forms.group(1);
			byte[] content = files.get(form);
			if (content == null) {
				log.warn("{} refers to the form {}, which is not in the processes folder", name, form);
				continue;
			}
			deployment.addInputStream(form, new java.io.ByteArrayInputStream(content));
		}
		DeploymentWithDefinitions result = deployment.deployWithResult();
		return (result.getDeployedProcessDefinitions() == null) ? List.of()
				: result.getDeployedProcessDefinitions()
					.stream()
					.map((definition) -> definition.getKey() + " v" + definition.getVersion())
					.toList();
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

	private static Map<String, byte[]> readClasspath() throws IOException {
		Map<String, byte[]> files = new LinkedHashMap<>();
		Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath:processes/*.*");
		for (Resource resource : resources) {
			if (resource.getFilename() != null && resource.isReadable()) {
				try (InputStream in = resource.getInputStream()) {
					files.put(resource.getFilename(), in.readAllBytes());
				}
			}
		}
		return files;
	}

	private static boolean isModel(String name) {
		return name.endsWith(".bpmn") || name.endsWith(".dmn") || name.endsWith(".form");
	}

}
