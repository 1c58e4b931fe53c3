package io.bpmnagents.security;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two changes of one process instance that meet in the engine (Cockpit's cancel while a
 * step finishes) are a {@code 409} the caller can act on, on every route Camunda's REST
 * API takes to it, not Camunda's {@code 500}.
 */
class EngineRestConflictsTest {

	@Test
	void aConflictTheEngineThrowsIsAConflictThatSaysToSendAgain() {
		Response answer = new EngineRestRefusals.EngineExceptions()
			.toResponse(new OptimisticLockingException("ENTITY was updated by another transaction concurrently"));

		assertThat(answer.getStatus()).isEqualTo(409);
		assertThat(((ExceptionDto) answer.getEntity()).getMessage()).contains("changed nothing", "Send it again");
	}

	@Test
	void aConflictThatCamundasResourcesWrappedIsAConflictToo() {
		RestException wrapped = new RestException(Status.INTERNAL_SERVER_ERROR,
				new ProcessEngineException("wrapped", new OptimisticLockingException("updated concurrently")),
				"Cannot delete process instance");

		Response answer = new EngineRestRefusals.RestExceptions().toResponse(wrapped);

		assertThat(answer.getStatus()).isEqualTo(409);
	}

	@Test
	void anyOtherEngineFailureIsAnsweredAsCamundaWould() {
		Response answer = new EngineRestRefusals.EngineExceptions()
			.toResponse(new ProcessEngineException("something else"));

		assertThat(answer.getStatus()).isEqualTo(500);
	}

}
