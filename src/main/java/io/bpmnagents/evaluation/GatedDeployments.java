package io.bpmnagents.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

import io.bpmnagents.contract.InvalidInputException;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.ProcessDefinition;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * {@code POST /api/deployments?evaluate=<dataset>&threshold=<n>}: deploys a new version
 * of one process (a multipart of files, as the Modeler sends them) held back: suspended,
 * so nobody starts it, while the dataset is evaluated against it; the evaluation
 * activates it when it passes (no failed case, at most {@code threshold} worse). The
 * deployment, the suspension and the evaluation's start are one transaction: a refused
 * evaluation deploys nothing. The engine checks the deployment as the person's own.
 */
@RestController
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class GatedDeployments {

	private final RepositoryService repository;

	private final GatedVersions versions;

	private final Evaluations evaluations;

	private final TransactionTemplate transaction;

	/** What was deployed and held back, and the evaluation that decides it. */
	record GatedDeployment(String deploymentId, String processDefinitionId, String process, int version,
			boolean suspended, String evaluation, int threshold) {
	}

	@PostMapping(path = "/api/deployments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<GatedDeployment> deploy(MultipartHttpServletRequest request,
			@RequestParam(required = false) String evaluate, @RequestParam(defaultValue = "0") int threshold,
			@RequestParam(name = "deployment-name", required = false) String name) {
		if (evaluate == null || evaluate.isBlank()) {
			throw new InvalidInputException("evaluate",
					"Parameter 'evaluate' is required: the dataset the new "
							+ "version is evaluated with before it is activated. Deploy without a gate through "
							+ "/engine-rest/deployment/create.");
		}
		if (threshold < 0) {
			throw new InvalidInputException("threshold",
					"Parameter 'threshold' (the most cases that may come out worse) must be 0 or more, was " + threshold
							+ ".");
		}
		List<MultipartFile> files = request.getMultiFileMap().values().stream().flatMap(List::stream).toList();
		if (files.isEmpty()) {
			throw new InvalidInputException("files",
					"The deployment has no files: send the diagram (.bpmn) and " + "its forms as multipart files.");
		}
		GatedDeployment deployed = this.transaction.execute((status) -> {
			ProcessDefinition definition = deployOne(files, (name != null) ? name : evaluate + " gate");
			this.versions.holdBack(definition.getId());
			String evaluation = this.evaluations.start(
					new EvaluationRequest(null, null, evaluate,
							new EvaluationRequest.Target(definition.getKey(), definition.getVersion()), null, null),
					threshold);
			return new GatedDeployment(definition.getDeploymentId(), definition.getId(), definition.getKey(),
					definition.getVersion(), true, evaluation, threshold);
		});
		return ResponseEntity.created(URI.create("/api/evaluations/" + deployed.evaluation())).body(deployed);
	}

	private ProcessDefinition deployOne(List<MultipartFile> files, String name) {
		DeploymentBuilder builder = this.repository.createDeployment().name(name).source(GatedVersions.SOURCE);
		for (MultipartFile file : files) {
			String fileName = (file.getOriginalFilename() != null) ? file.getOriginalFilename() : file.getName();
			try {
				builder.addInputStream(fileName, file.getInputStream());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		DeploymentWithDefinitions deployment = builder.deployWithResult();
		List<ProcessDefinition> definitions = deployment.getDeployedProcessDefinitions();
		if (definitions == null || definitions.size() != 1) {
			throw new InvalidInputException("files", "A gated deployment holds exactly one process, this one holds "
					+ ((definitions != null) ? definitions.size() : 0) + ": deploy one process per gate.");
		}
		return definitions.get(0);
	}

}
