package io.bpmnagents.guardrail;

import java.util.List;

import io.bpmnagents.transcript.GuardrailDecision;

/** What a text's guardrails decided together, with each one's decision in order. */
public sealed interface GuardrailVerdict
		permits GuardrailVerdict.Passed, GuardrailVerdict.Reprompt, GuardrailVerdict.Failed {

	List<GuardrailDecision> decisions();

	/** Every guardrail let the text through; {@code text} is it after any rewrites. */
	record Passed(String text, List<GuardrailDecision> decisions) implements GuardrailVerdict {

		public Passed {
			decisions = List.copyOf(decisions);
		}

	}

	/** An answer is to be asked for again, with this feedback to the model. */
	record Reprompt(String guardrail, String feedback, List<GuardrailDecision> decisions) implements GuardrailVerdict {

		public Reprompt {
			decisions = List.copyOf(decisions);
		}

	}

	/** A guardrail stopped the text: the call ends on the BPMN error GUARDRAIL. */
	record Failed(String guardrail, String message, List<GuardrailDecision> decisions) implements GuardrailVerdict {

		public Failed {
			decisions = List.copyOf(decisions);
		}

	}

}
