package io.bpmnagents.approval;

import io.bpmnagents.quota.QuotaRequests;
import io.bpmnagents.security.ProtectedProcess;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The approvals are protected: a person's version of {@value ResultApproval#KEY} or
 * {@value ToolApproval#KEY} could approve by itself, so only administrators deploy new
 * versions of it. Contributed here, where the approval lives, so that {@code security}
 * needs to know no approval.
 */
@Configuration(proxyBeanMethods = false)
class ApprovalProtection {

	@Bean
	ProtectedProcess resultApprovalIsProtected() {
		return new ProtectedProcess(ResultApproval.KEY, "decides approvals");
	}

	@Bean
	ProtectedProcess toolApprovalIsProtected() {
		return new ProtectedProcess(ToolApproval.KEY, "decides which tool calls run");
	}

	@Bean
	ProtectedProcess quotaRequestIsProtected() {
		return new ProtectedProcess(QuotaRequests.PROCESS_KEY, "decides how much more a spent quota allows");
	}

}
