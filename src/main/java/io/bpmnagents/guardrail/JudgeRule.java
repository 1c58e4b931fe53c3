package io.bpmnagents.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The built-in {@code judge} guardrail: an agent reads the text and says, as a structured
 * verdict ({@link Judge#VERDICT_SCHEMA}), whether it breaks the stated policy and why. A
 * verdict that cannot be read counts as a break: a guardrail that cannot decide does not
 * let the text through.
 */
final class JudgeRule implements TextRule {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final String name;

	private final String agent;

	private final String policy;

	private final Judge judge;

	JudgeRule(String name, String agent, String policy, Judge judge) {
		if (agent == null || agent.isBlank() || policy == null || policy.isBlank()) {
			throw new IllegalArgumentException(
					"Guardrail '" + name + "' of type judge needs an agent and a policy: set "
							+ "bpmn-agents.guardrails." + name + ".agent and .policy");
		}
		this.name = name;
		this.agent = agent.strip();
		this.policy = policy.strip();
		this.judge = judge;
	}

	String agent() {
		return this.agent;
	}

	@Override
	public String apply(String text, GuardrailContext call) throws Violation {
		String prompt = "Does the text below break this policy?\n\nPolicy: " + this.policy
				+ "\n\nAnswer with a JSON object: breaksPolicy (true or false) and reason (one sentence).\n\nText:\n\n"
				+ text;
		String answer = this.judge.ask(call, this.agent, prompt);
		JsonNode verdict;
		try {
			verdict = JSON.readTree(answer);
		}
		catch (Exception ex) {
			throw new Violation("The judge '" + this.agent + "' of guardrail '" + this.name
					+ "' gave no readable verdict, so the text is not let through.");
		}
		if (verdict == null || !verdict.path("breaksPolicy").isBoolean()) {
			throw new Violation("The judge '" + this.agent + "' of guardrail '" + this.name
					+ "' gave no readable verdict, so the text is not let through.");
		}
		if (verdict.get("breaksPolicy").asBoolean()) {
			throw new Violation("The answer breaks the policy (" + this.policy + "): "
					+ verdict.path("reason").asText("no reason given"));
		}
		return text;
	}

}
