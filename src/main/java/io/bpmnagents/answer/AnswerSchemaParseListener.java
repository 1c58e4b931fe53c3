package io.bpmnagents.answer;

import java.util.Map;

import io.bpmnagents.process.ExtensionProperties;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Reads the JSON Schema that a service task declares for its answer when its diagram is
 * parsed (see {@link AnswerSchemas}). A schema that is not JSON, breaks the JSON Schema
 * rules or is missing from the deployment refuses the whole deployment with a
 * {@link BadUserRequestException} (a 400 over {@code /engine-rest}) that names the
 * element, instead of failing the first run that reaches it.
 */
class AnswerSchemaParseListener extends AbstractBpmnParseListener {

	@Override
	public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
		Map<String, String> properties = ExtensionProperties.of(element);
		if (!AnswerSchemas.declares(properties)) {
			return;
		}
		ProcessDefinitionEntity definition = (ProcessDefinitionEntity) activity.getProcessDefinition();
		try {
			activity.setProperty(AnswerSchemas.PARSED, AnswerSchemas.read(properties, definition.getDeploymentId()));
		}
		catch (IllegalArgumentException ex) {
			throw new BadUserRequestException(
					"Element '" + activity.getId() + "' of process '" + definition.getKey() + "': " + ex.getMessage(),
					ex);
		}
	}

}
