package io.bpmnagents.answer;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.bpmnagents.modeler.AgentTaskProperty;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.RepositoryServiceImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ProcessDefinitionImpl;

import org.springframework.stereotype.Component;

/**
 * Where an agent task's answer schema comes from: the extension property
 * {@code answerSchema} (the schema inline) or {@code answerSchemaResource} (the name of a
 * JSON file deployed with the diagram). {@link AnswerSchemaParseListener} reads and
 * checks it when the diagram is deployed and keeps it on the parsed element, where a
 * task's handler finds it; so the schema is versioned with its diagram.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class AnswerSchemas {

	public static final String INLINE = AgentTaskProperty.ANSWER_SCHEMA.key();

	public static final String RESOURCE = AgentTaskProperty.ANSWER_SCHEMA_RESOURCE.key();

	/** The property of a parsed element that holds its {@link AnswerSchema}. */
	static final String PARSED = "bpmn-agents.answerSchema";

	private final RepositoryService repository;

	public static boolean declares(Map<String, String> properties) {
		return notBlank(properties.get(INLINE)) || notBlank(properties.get(RESOURCE));
	}

	/** The schema declared on the task's element, or {@code null}. */
	public AnswerSchema of(LockedExternalTask task) {
		// The engine's cached, parsed definition, where the parse listener left the
		// schema.
		ProcessDefinitionImpl definition = (ProcessDefinitionImpl) ((RepositoryServiceImpl) this.repository)
			.getDeployedProcessDefinition(task.getProcessDefinitionId());
		ActivityImpl activity = definition.findActivity(task.getActivityId());
		Object schema = (activity != null) ? activity.getProperty(PARSED) : null;
		return (schema instanceof AnswerSchema found) ? found : null;
	}

	/**
	 * Reads and checks the schema an element declares, while its diagram is parsed.
	 * @throws IllegalArgumentException saying what is wrong, for the deployment's refusal
	 */
	static AnswerSchema read(Map<String, String> properties, String deploymentId) {
		String inline = properties.get(INLINE);
		String resource = properties.get(RESOURCE);
		if (notBlank(inline) && notBlank(resource)) {
			throw new IllegalArgumentException("it sets both '" + INLINE + "' and '" + RESOURCE + "'; keep one");
		}
		if (notBlank(inline)) {
			try {
				return AnswerSchema.parse(inline);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("its " + INLINE + " is not a usable JSON Schema: " + ex.getMessage(),
						ex);
			}
		}
		String text = deployed(deploymentId, resource.strip());
		if (text == null) {
			throw new IllegalArgumentException("its " + RESOURCE + " '" + resource.strip()
					+ "' is not in the deployment; deploy the schema file together with the diagram");
		}
		try {
			return AnswerSchema.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"its " + RESOURCE + " '" + resource.strip() + "' is not a usable JSON Schema: " + ex.getMessage(),
					ex);
		}
	}

	private static String deployed(String deploymentId, String name) {
		if (deploymentId == null) {
			return null;
		}
		DeploymentEntity deployment = Context.getCommandContext()
			.getDeploymentManager()
			.findDeploymentById(deploymentId);
		if (deployment == null || deployment.getResources() == null) {
			return null;
		}
		for (ResourceEntity resource : deployment.getResources().values()) {
			String resourceName = resource.getName();
			if (resourceName.equals(name) || resourceName.endsWith("/" + name)) {
				return new String(resource.getBytes(), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	private static boolean notBlank(String value) {
		return value != null && !value.isBlank();
	}

}
