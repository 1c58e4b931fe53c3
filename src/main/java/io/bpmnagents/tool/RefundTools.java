package io.bpmnagents.tool;

import java.math.BigDecimal;
import java.math.RoundingMode;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolMemoryId;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

/**
 * The example tool {@code issue_refund} of the shipped process {@code refund-approval}:
 * it writes the refund order into the run's workspace under {@code refunds/<order>},
 * where a payment step or a person takes it over; it moves no money. A deployment that
 * pays refunds replaces it with a bean of its own calling its payment system (same tool
 * name, same parameters), and keeps the approval the process asks for.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class RefundTools {

	static final String PREFIX = "refunds/";

	private final WorkspaceStore workspace;

	@Tool(name = "issue_refund",
			value = "Issues a refund to the customer of an order. Refunds above the approval limit wait for a person's approval.")
	String issueRefund(@ToolMemoryId ToolContext context, @P(name = "orderId", value = "The order's id") String orderId,
			@P(name = "amount", value = "The amount to refund, in the order's currency") double amount,
			@P(name = "reason", value = "Why the customer gets the refund") String reason) {
		if (orderId == null || orderId.isBlank()
				|| orderId.length() > WorkspaceTools.MAX_KEY_LENGTH - PREFIX.length()) {
			throw new IllegalArgumentException("'orderId' must name an order (at most "
					+ (WorkspaceTools.MAX_KEY_LENGTH - PREFIX.length()) + " characters)");
		}
		if (!(amount > 0)) {
			throw new IllegalArgumentException("'amount' must be more than 0");
		}
		String money = BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP).toPlainString();
		this.workspace.write(context.runId(), PREFIX + orderId,
				"Refund " + money + " for order " + orderId + ": " + ((reason != null) ? reason : ""));
		return "Refund of " + money + " for order " + orderId + " issued (workspace " + PREFIX + orderId + ").";
	}

}
