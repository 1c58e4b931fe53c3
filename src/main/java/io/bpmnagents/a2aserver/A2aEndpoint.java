package io.bpmnagents.a2aserver;

import java.security.Principal;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.a2a.spec.AgentCard;
import io.a2a.spec.AuthenticatedExtendedCardNotConfiguredError;
import io.a2a.spec.CancelTaskRequest;
import io.a2a.spec.GetTaskRequest;
import io.a2a.spec.IdJsonMappingException;
import io.a2a.spec.InvalidParamsError;
import io.a2a.spec.InvalidParamsJsonMappingException;
import io.a2a.spec.InvalidRequestError;
import io.a2a.spec.JSONParseError;
import io.a2a.spec.JSONRPCError;
import io.a2a.spec.JSONRPCErrorResponse;
import io.a2a.spec.JSONRPCResponse;
import io.a2a.spec.MethodNotFoundError;
import io.a2a.spec.MethodNotFoundJsonMappingException;
import io.a2a.spec.NonStreamingJSONRPCRequest;
import io.a2a.spec.PushNotificationNotSupportedError;
import io.a2a.spec.GetAuthenticatedExtendedCardRequest;
import io.a2a.spec.SendMessageRequest;
import io.a2a.spec.SendMessageResponse;
import io.a2a.spec.SendStreamingMessageRequest;
import io.a2a.spec.TaskResubscriptionRequest;
import io.a2a.spec.UnsupportedOperationError;
import io.a2a.spec.GetTaskResponse;
import io.a2a.spec.CancelTaskResponse;
import io.a2a.util.Utils;
import io.bpmnagents.contract.Contracts;
import io.bpmnagents.run.RunAccess;
import io.bpmnagents.run.RunOperations;
import org.camunda.bpm.engine.RepositoryService;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Each process is an A2A agent (A2A 0.3, JSON-RPC transport), under the same logins and
 * grants as {@code /api/runs}: {@code GET /a2a} lists the cards of the processes the
 * caller may start, {@code GET /a2a/{process}/.well-known/agent-card.json} is one card,
 * and {@code POST /a2a/{process}} takes {@code message/send}, {@code tasks/get} and
 * {@code tasks/cancel}. The A2A Java SDK's spec types read the requests and write the
 * answers; its server modules are built for CDI (Quarkus), so this controller takes their
 * place. Every JSON-RPC answer is HTTP 200, a refusal an A2A error in it.
 */
@RestController
@EnableConfigurationProperties(A2aEndpointProperties.class)
class A2aEndpoint {

	static final String PATH = "/a2a";

	private final ProcessAgentCards cards;

	private final RunOperations runs;

	private final RunTasks tasks;

	A2aEndpoint(RepositoryService repository, Contracts contracts, RunAccess access, RunOperations runs,
			ObjectMapper json, A2aEndpointProperties properties) {
		this.cards = new ProcessAgentCards(repository, contracts, access, runs);
		this.runs = runs;
		this.tasks = new RunTasks(this.cards, runs, new TaskOfRun(json, runs), properties);
	}

	@GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> cards() {
		return json(this.cards.all(base()));
	}

	@GetMapping(path = PATH + "/{process}/.well-known/agent-card.json", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> card(@PathVariable String process) {
		AgentCard card = this.cards.of(process, base()).orElse(null);
		if (card == null) {
			return problem(HttpStatus.NOT_FOUND, "No process '" + process + "' is deployed.");
		}
		if (!this.runs.mayStart(process)) {
			return problem(HttpStatus.FORBIDDEN, "Your Camunda groups do not allow you to start runs of '" + process
					+ "'. An administrator grants it in the Admin webapp (see docs/security.md).");
		}
		return json(card);
	}

	@PostMapping(path = PATH + "/{process}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> call(@PathVariable String process, @RequestBody(required = false) String body,
			Principal person) {
		JsonNode tree;
		try {
			tree = Utils.OBJECT_MAPPER.readTree((body != null) ? body : "");
		}
		catch (JsonProcessingException ex) {
			return json(
					new JSONRPCErrorResponse(new JSONParseError("The body is not JSON: " + ex.getOriginalMessage())));
		}
		if (tree == null || !tree.isObject()) {
			return json(
					new JSONRPCErrorResponse(new InvalidRequestError("The body must be one JSON-RPC request object.")));
		}
		String method = tree.path("method").asText();
		if (SendStreamingMessageRequest.METHOD.equals(method) || TaskResubscriptionRequest.METHOD.equals(method)) {
			return json(new JSONRPCErrorResponse(id(tree), new UnsupportedOperationError(null,
					"Streaming is not offered: use message/send, then tasks/get.", null)));
		}
		NonStreamingJSONRPCRequest<?> request;
		try {
			request = Utils.OBJECT_MAPPER.treeToValue(tree, NonStreamingJSONRPCRequest.class);
		}
		catch (JsonProcessingException ex) {
			return json(new JSONRPCErrorResponse(id(tree), unreadable(ex)));
		}
		return json(answer(process, request, person.getName()));
	}

	private JSONRPCResponse<?> answer(String process, NonStreamingJSONRPCRequest<?> request, String person) {
		Object id = request.getId();
		try {
			if (request instanceof SendMessageRequest send) {
				return new SendMessageResponse(id, this.tasks.send(process, send.getParams()));
			}
			if (request instanceof GetTaskRequest get) {
				return new GetTaskResponse(id,
						this.tasks.get(process, (get.getParams() != null) ? get.getParams().id() : null));
			}
			if (request instanceof CancelTaskRequest cancel) {
				return new CancelTaskResponse(id, this.tasks.cancel(process,
						(cancel.getParams() != null) ? cancel.getParams().id() : null, person));
			}
			if (request instanceof GetAuthenticatedExtendedCardRequest) {
				return new JSONRPCErrorResponse(id, new AuthenticatedExtendedCardNotConfiguredError());
			}
			return new JSONRPCErrorResponse(id, new PushNotificationNotSupportedError());
		}
		catch (JSONRPCError ex) {
			return new JSONRPCErrorResponse(id, ex);
		}
	}

	private static JSONRPCError unreadable(JsonProcessingException ex) {
		if (ex instanceof MethodNotFoundJsonMappingException) {
			return new MethodNotFoundError();
		}
		if (ex instanceof InvalidParamsJsonMappingException) {
			return new InvalidParamsError("Invalid params: "
					+ ((ex.getCause() != null) ? ex.getCause().getMessage() : ex.getOriginalMessage()));
		}
		return new InvalidRequestError(ex.getOriginalMessage());
	}

	private static Object id(JsonNode tree) {
		JsonNode id = tree.get("id");
		return (id == null) ? null : id.isNumber() ? (Object) id.asInt() : id.isTextual() ? id.asText() : null;
	}

	private static String base() {
		return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
	}

	private static ResponseEntity<String> json(Object body) {
		try {
			return ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.body(Utils.OBJECT_MAPPER.writeValueAsString(body));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("An A2A answer could not be written as JSON", ex);
		}
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
		return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
	}

}
