package io.bpmnagents.pattern.conversation;

import java.util.Map;

import io.bpmnagents.process.Variable;
import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.run.RunService;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/runs/{id}/messages}: a person joins a running conversation. The
 * message is correlated as the BPMN message {@value Conversation#HUMAN_MESSAGE}; its text
 * is a variable value, never evaluated.
 */
@RestController
class ConversationMessages {

	static final String FROM = "messageFrom";

	static final String CONTENT = "messageContent";

	private final RuntimeService runtime;

	private final RunService runs;

	ConversationMessages(RuntimeService runtime, RunService runs) {
		this.runtime = runtime;
		this.runs = runs;
	}

	/** Body: who speaks and what they say. */
	record Message(String from, String content) {
	}

	@PostMapping("/api/runs/{id}/messages")
	ResponseEntity<Void> post(@PathVariable String id, @RequestBody Message message) {
		if (message.from() == null || message.from().isBlank()) {
			throw new InvalidInputException("from", "Field 'from' is required: who sends the message.");
		}
		if (message.content() == null || message.content().isBlank()) {
			throw new InvalidInputException("content", "Field 'content' is required: the message text.");
		}
		this.runs.view(id);
		// After the last turn the message subscription lives on while a person reviews
		// the
		// result; a message then would reach nobody.
		boolean active = this.runtime.createProcessInstanceQuery().processInstanceId(id).active().count() > 0;
		// No status yet: the first turn is still being taken.
		Object status = active ? this.runtime.getVariable(id, Conversation.STATUS.name()) : null;
		if (!active || (status != null && !Conversation.RUNNING.equals(status))) {
			throw new NotListening(id);
		}
		try {
			this.runtime.createMessageCorrelation(Conversation.HUMAN_MESSAGE)
				.processInstanceId(id)
				.setVariablesLocal(Variables.createVariables()
					.putValue(FROM, message.from())
					.putValueTyped(CONTENT, Variable.text(CONTENT).typed(message.content())))
				.correlateWithResult();
		}
		catch (MismatchingMessageCorrelationException ex) {
			throw new NotListening(id);
		}
		return ResponseEntity.accepted().build();
	}

	@ExceptionHandler
	ProblemDetail notListening(NotListening ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Run takes no messages now");
		return problem;
	}

	static class NotListening extends RuntimeException {

		NotListening(String id) {
			super("Run '" + id + "' is not waiting for messages: its conversation has ended (its result may be "
					+ "waiting for approval), or its process is not a conversation. Messages go to running "
					+ "round-robin-conversation runs.");
		}

	}

}
