package io.bpmnagents.transcript;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A person's part in a tool call that needs approval, as the transcript shows it under
 * the call ({@code approval}): {@code pending} while the approval task waits, then the
 * decision with who made it, when and why, and the arguments approved when they differ
 * from the model's ({@code changed}).
 *
 * @param status {@code pending}, {@code approved} or {@code rejected}
 * @param arguments the arguments approved (null while pending or when rejected)
 * @param changed whether the approver changed the model's arguments
 * @param shownHash the hash of the arguments the approval task showed
 * @param approvedHash the hash of {@code arguments}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolCallApproval(String status, String decidedBy, Instant decidedAt, String reason, String arguments,
		Boolean changed, @JsonIgnore String shownHash, @JsonIgnore String approvedHash) {

	public static final String PENDING = "pending";

	public static final String APPROVED = "approved";

	public static final String REJECTED = "rejected";

	/** The decisions a person takes (task variable {@code decision}). */
	public static final String APPROVE = "approve";

	public static final String REJECT = "reject";

	@JsonIgnore
	public boolean decided() {
		return !PENDING.equals(this.status);
	}

}
