package io.bpmnagents.approval;

import io.bpmnagents.run.RunView;
import io.bpmnagents.security.CamundaGroups;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/runs/{id}/approval}: approve a run's result, or send it back with a
 * comment, as the authenticated person; the same decision Tasklist's form takes.
 */
@RestController
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ApprovalController {

	private final Approvals approvals;

	@PostMapping("/api/runs/{id}/approval")
	RunView decide(@PathVariable String id, @RequestBody Approvals.Decision decision, Authentication person) {
		return this.approvals.decide(id, decision, person.getName(), CamundaGroups.of(person));
	}

	@ExceptionHandler
	ProblemDetail notAnApprover(Approvals.NotAnApprover ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
		problem.setTitle("Not an approver");
		return problem;
	}

}
