package io.bpmnagents.transcript;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An agent's call held by a spent quota while an administrator was asked to allow more,
 * as the transcript shows it where the call was held ({@code quota}): {@code pending}
 * while the request waits, then {@code allowed} with how much more, or {@code refused};
 * who decided, when and why.
 *
 * @param quota the quota's key, such as {@code process:debate:day}
 * @param request the request's id ({@code GET /api/quotas} lists it for administrators)
 * @param status {@code pending}, {@code allowed} or {@code refused}
 * @param moreCalls the calls allowed on top for the quota's window (an allowance only)
 * @param moreTokens the tokens allowed on top (an allowance only)
 * @param moreCost the cost in USD allowed on top (an allowance only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuotaHold(String quota, String request, String status, String decidedBy, Instant decidedAt,
		Long moreCalls, Long moreTokens, BigDecimal moreCost, String reason) {

	public static final String PENDING = "pending";

	public static final String ALLOWED = "allowed";

	public static final String REFUSED = "refused";

}
