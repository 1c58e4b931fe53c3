package io.bpmnagents.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.engine.EngineHooks;
import io.bpmnagents.process.ExtensionProperties;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.SuspensionState;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.repository.ProcessDefinition;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * A deployment through the engine ({@code /engine-rest/deployment/create}, what Camunda
 * Modeler's "Deploy" sends) is gated like {@code POST /api/deployments?evaluate=} when
 * its process names a dataset in the process-level extension property {@value #EVALUATE}
 * (and the most cases that may come out worse in {@value #THRESHOLD}, default 0): the
 * Modeler's deploy dialog sends a name, a tenant and files, nothing more, so the model
 * carries the gate. The new version is stored suspended (the engine's answer says
 * {@code suspended: true}) as a gated deployment's, and its evaluation starts as the
 * person who deployed when the deployment's transaction commits, in that transaction: an
 * evaluation the person may not start, or an unknown dataset, deploys nothing.
 * Deployments by the app itself (its processes folder, at start) are not gated.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class DeploymentGates extends AbstractProcessEnginePlugin {

	/** The process property naming the dataset the new version is evaluated with. */
	static final String EVALUATE = "evaluate";

	/** The process property: the most cases that may come out worse. */
	static final String THRESHOLD = "evaluationThreshold";

	/** The evaluation a gated request started, for the answer to that request. */
	static final String STARTED = DeploymentGates.class.getName() + ".evaluation";

	/** Where the parse keeps a process's gate properties on its definition. */
	private static final String GATE = "bpmn-agents.gate";

	/** Lazily: the plugin is made before the engine the evaluations need. */
	private final ObjectProvider<Evaluations> evaluations;

	/** A process's gate as its model declares it. */
	record Gate(String dataset, String threshold) {
	}

	/** The gate of a deployed version and the evaluation that decides it. */
	record Started(String processDefinitionId, String evaluation, int threshold) {
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		EngineHooks.addParseListener(configuration, new AbstractBpmnParseListener() {
			@Override
			public void parseProcess(Element element, ProcessDefinitionEntity definition) {
				Map<String, String> properties = ExtensionProperties.of(element);
				String dataset = properties.get(EVALUATE);
				if (dataset != null && !dataset.isBlank()) {
					definition.setProperty(GATE, new Gate(dataset.trim(), properties.get(THRESHOLD)));
				}
			}
		});
		List<Deployer> after = (configuration.getCustomPostDeployers() != null)
				? new ArrayList<>(configuration.getCustomPostDeployers()) : new ArrayList<>();
		after.add(this::holdBack);
		configuration.setCustomPostDeployers(after);
	}

	/**
	 * Stores a person's new gated version suspended, as a gated deployment's, and starts
	 * its evaluation once the deployment is written (the evaluation looks the version
	 * up).
	 */
	private void holdBack(DeploymentEntity deployment) {
		Authentication person = Context.getCommandContext().getAuthentication();
		List<ProcessDefinitionEntity> definitions = deployment.getDeployedArtifacts(ProcessDefinitionEntity.class);
		// POST /api/deployments holds its version back itself.
		if (!deployment.isNew() || person == null || person.getUserId() == null || definitions == null
				|| GatedVersions.SOURCE.equals(deployment.getSource())) {
			return;
		}
		List<ProcessDefinitionEntity> gated = definitions.stream()
			.filter((definition) -> definition.getProperty(GATE) != null)
			.toList();
		if (gated.isEmpty()) {
			return;
		}
		if (definitions.size() != 1) {
			throw new BadUserRequestException("A deployment gated by an evaluation (process property '" + EVALUATE
					+ "') holds exactly one process, this one holds " + definitions.size()
					+ ": deploy one process per gate.");
		}
		ProcessDefinitionEntity definition = gated.get(0);
		Gate gate = (Gate) definition.getProperty(GATE);
		int threshold = threshold(gate.threshold());
		definition.setSuspensionState(SuspensionState.SUSPENDED.getStateCode());
		deployment.setSource(GatedVersions.SOURCE);
		Context.getCommandContext()
			.getTransactionContext()
			.addTransactionListener(TransactionState.COMMITTING,
					(context) -> evaluate(definition, gate.dataset(), threshold));
	}

	private void evaluate(ProcessDefinition definition, String dataset, int threshold) {
		String evaluation;
		try {
			evaluation = this.evaluations.getObject()
				.start(new EvaluationRequest(null, null, dataset,
						new EvaluationRequest.Target(definition.getKey(), definition.getVersion()), null, null),
						threshold);
		}
		// The engine's REST API answers only its own exceptions with a status of their
		// own (a 4xx); the deployment is rolled back with them.
		catch (InvalidInputException ex) {
			throw new BadUserRequestException("Process property '" + EVALUATE + "': " + ex.getMessage());
		}
		catch (EvaluationException.NotFound ex) {
			throw new NotFoundException("Process property '" + EVALUATE + "': " + ex.getMessage());
		}
		catch (EvaluationException.NotAllowed ex) {
			throw new AuthorizationException(ex.getMessage());
		}
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null) {
			request.setAttribute(STARTED, new Started(definition.getId(), evaluation, threshold),
					RequestAttributes.SCOPE_REQUEST);
		}
	}

	private static int threshold(String given) {
		if (given == null || given.isBlank()) {
			return 0;
		}
		try {
			int threshold = Integer.parseInt(given.trim());
			if (threshold >= 0) {
				return threshold;
			}
		}
		catch (NumberFormatException ex) {
			// Said below.
		}
		throw new BadUserRequestException("Process property '" + THRESHOLD
				+ "' (the most cases that may come out worse) must be a whole number, 0 or more, was '" + given + "'.");
	}

}
