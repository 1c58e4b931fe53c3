package io.bpmnagents.llm;

/**
 * What the model answered, with the token counts it reported (null when it reported
 * none).
 */
public record ModelReply(String text, String model, Integer promptTokens, Integer completionTokens) {

}
