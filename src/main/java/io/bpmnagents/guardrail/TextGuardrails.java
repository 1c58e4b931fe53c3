package io.bpmnagents.guardrail;

import dev.langchain4j.guardrail.GuardrailRequestParams;
import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.guardrail.InputGuardrailRequest;
import dev.langchain4j.guardrail.InputGuardrailResult;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailRequest;
import dev.langchain4j.guardrail.OutputGuardrailResult;

/**
 * Makes LangChain4j guardrails of a built-in rule, so built-in and custom guardrails run
 * the same way: a rewrite is {@code successWith}, a break {@code failure}, or on the
 * output side {@code reprompt} when the guardrail asks again.
 */
final class TextGuardrails {

	private TextGuardrails() {
	}

	static InputGuardrail input(TextRule rule) {
		return new InputGuardrail() {

			@Override
			public InputGuardrailResult validate(InputGuardrailRequest request) {
				String text = request.userMessage().singleText();
				try {
					String after = rule.apply(text, context(request.requestParams()));
					return (after == text) ? success() : successWith(after);
				}
				catch (TextRule.Violation ex) {
					return failure(ex.getMessage());
				}
			}

		};
	}

	static OutputGuardrail output(TextRule rule, boolean reprompt) {
		return new OutputGuardrail() {

			@Override
			public OutputGuardrailResult validate(OutputGuardrailRequest request) {
				String text = request.responseFromLLM().aiMessage().text();
				try {
					String after = rule.apply(text, context(request.requestParams()));
					return (after == text) ? success() : successWith(after);
				}
				catch (TextRule.Violation ex) {
					return reprompt ? reprompt(ex.getMessage(), ex.getMessage()) : failure(ex.getMessage());
				}
			}

		};
	}

	private static GuardrailContext context(GuardrailRequestParams params) {
		return (params != null && params.variables() != null
				&& params.variables().get(GuardrailContext.VARIABLE) instanceof GuardrailContext call) ? call : null;
	}

}
