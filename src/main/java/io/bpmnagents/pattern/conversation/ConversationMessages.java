package io.bpmnagents.pattern.conversation;

import java.util.Map;

import io.bpmnagents.process.Variable;
import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.run.RunAccess;
import io.bpmnagents.run.RunConflictException;
import io.bpmnagents.run.RunService;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
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
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ConversationMessages {

	static final String FROM = "messageFrom";

	static final String CONTENT = "messageContent";

	/**
	 * How often a message is delivered again when an answer changed the run meanwhile.
	 */
	private static final int DELIVERY_ATTEMPTS = 10;

	private final RuntimeService runtime;

	private final RunService runs;

	private final RunAccess access;

	/**
	 * Body: what the person says. The sender is the logged-in person; a {@code from} in
	 * the body is ignored, so nobody speaks in another's name.
	 */
	record Message(String content) {
	}

	@PostMapping("/api/runs/{id}/messages")
	ResponseEntity<Void> post(@PathVariable String id, @RequestBody Message message, Authentication person) {
		if (message.content() == null || message.content().isBlank()) {
			throw new InvalidInputException("content", "Field 'content' is required: the message text.");
		}
		// Whoever may see the run may talk to it; the engine's grants for correlating
		// (UPDATE on the instance) would also allow changing the run, so the message is
		// delivered by the app.
		this.runs.view(id);
		this.access.asApp(() -> deliver(id, person.getName(), message.content()));
		return ResponseEntity.accepted().build();
	}

	/**
	 * Delivers the message. The correlation changes the run's process instance, which an
	 * agent's answer may be changing at the same moment: the engine then refuses one of
	 * the two transactions (OptimisticLockingException) and rolls it back whole, so the
	 * message is simply delivered again, after checking once more that the conversation
	 * still listens.
	 */
	private Void deliver(String id, String from, String content) {
		for (int attempt = 1;; attempt++) {
			try {
				return deliverOnce(id, from, content);
			}
			catch (OptimisticLockingException ex) {
				if (attempt >= DELIVERY_ATTEMPTS) {
					throw new Busy(id, ex);
				}
			}
		}
	}

	private Void deliverOnce(String id, String from, String content) {
		// After the last turn the message subscription lives on while a person reviews
		// the result; a message then would reach nobody.
		boolean active = this.runtime.createProcessInstanceQuery().processInstanceId(id).active().count() > 0;
		// No status yet: the first turn is still being taken.
		Object status = active ? this.runtime.getVariable(id, Conversation.STATUS.name()) : null;
		if (!active || (status != null && !Conversation.RUNNING.equals(status))) {
			throw new NotListening(id);
		}
		try {
			this.runtime.createMessageCorrelation(Conversation.HUMAN_MESSAGE)
				.processInstanceId(id)
				// On the event subprocess instance this message starts, not the process
				// instance: two messages in flight keep a sender and text each.
				.setVariablesToTriggeredScope(Variables.createVariables()
					.putValue(FROM, from)
					.putValueTyped(CONTENT, Variable.text(CONTENT).typed(content)))
				.correlateWithResult();
		}
		catch (MismatchingMessageCorrelationException ex) {
			throw new NotListening(id);
		}
		return null;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> busy(Busy ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
		problem.setTitle("Run busy");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").body(problem);
	}

	/** The run kept changing under every delivery; the message was not delivered. */
	static class Busy extends RuntimeException {

		Busy(String id, Throwable cause) {
			super("Run '" + id + "' changed under each of " + DELIVERY_ATTEMPTS
					+ " deliveries of your message; it was not delivered. Send it again.", cause);
		}

	}

	static class NotListening extends RunConflictException {

		NotListening(String id) {
			super("Run takes no messages now",
					"Run '" + id + "' is not waiting for messages: its conversation has ended (its result may be "
							+ "waiting for approval), or its process is not a conversation. Messages go to running "
							+ "conversations (round-robin-conversation, selector-group-chat).");
		}

	}

}
