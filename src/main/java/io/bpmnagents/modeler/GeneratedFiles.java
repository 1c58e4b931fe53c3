package io.bpmnagents.modeler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files generated from {@link AgentTaskProperty}: the Modeler's element templates and
 * their reference page. The build runs {@link #main} in {@code process-classes}, writing
 * under {@code target/modeler}; {@link #REGENERATE} writes them where they are checked
 * in.
 */
public final class GeneratedFiles {

	/** The command that brings the checked-in files up to date. */
	public static final String REGENERATE = "./mvnw -q -o process-classes -Dmodeler.output=.";

	static final Path TEMPLATES = Path.of("processes/.camunda/element-templates/agent-tasks.json");

	static final Path PAGE = Path.of("docs/agent-task-properties.md");

	private GeneratedFiles() {
	}

	/** Each generated file's path, relative to the project, and its content. */
	public static Map<Path, String> contents() {
		Map<Path, String> files = new LinkedHashMap<>();
		files.put(TEMPLATES, TemplatesJson.render());
		files.put(PAGE, PropertiesPage.render());
		return files;
	}

	/**
	 * Writes the files under the directory given as the first argument (default: the
	 * working directory).
	 */
	public static void main(String[] args) throws IOException {
		Path root = Path.of((args.length > 0) ? args[0] : ".");
		for (Map.Entry<Path, String> file : contents().entrySet()) {
			Path target = root.resolve(file.getKey());
			Files.createDirectories(target.getParent());
			Files.writeString(target, file.getValue());
		}
	}

}
