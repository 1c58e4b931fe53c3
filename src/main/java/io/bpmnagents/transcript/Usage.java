package io.bpmnagents.transcript;

import java.math.BigDecimal;

/** What a run's model calls consumed, summed from its transcript. */
public record Usage(long calls, long promptTokens, long completionTokens, BigDecimal cost) {

}
