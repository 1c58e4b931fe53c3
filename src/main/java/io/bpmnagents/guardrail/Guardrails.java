package io.bpmnagents.guardrail;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import dev.langchain4j.guardrail.GuardrailResult;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import io.bpmnagents.transcript.GuardrailDecision;

/**
 * The one entry point of guardrails: runs the named guardrails in order over a call's
 * input (the prompt) or output (the answer), each on what the one before let through, and
 * says what they decided together: pass (perhaps rewritten), ask again with feedback
 * (output only), or fail. Built-in and custom guardrails are alike LangChain4j
 * {@code InputGuardrail}s and {@code OutputGuardrail}s; a name may have one of each.
 */
public final class Guardrails {

	/** The BPMN error a call stopped by a guardrail raises. */
	public static final String ERROR_CODE = "GUARDRAIL";

	static final String INPUT = "input";

	static final String OUTPUT = "output";

	private final Map<String, NamedGuardrail> named;

	Guardrails(Map<String, NamedGuardrail> named) {
		this.named = Map.copyOf(named);
	}

	/** The guardrails known by name (built-in, configured and beans). */
	public Set<String> names() {
		return this.named.keySet();
	}

	/**
	 * @throws IllegalArgumentException naming the unknown guardrails and {@code where}
	 * they were asked for
	 */
	public void requireKnown(Collection<String> names, String where) {
		List<String> unknown = names.stream().filter((name) -> !this.named.containsKey(name)).toList();
		if (!unknown.isEmpty()) {
			throw new UnknownGuardrailException(where + " names unknown guardrail(s) " + unknown + "; known are "
					+ this.named.keySet().stream().sorted().collect(Collectors.joining(", "))
					+ " (configure one under bpmn-agents.guardrails.<name>, or declare a LangChain4j guardrail bean)");
		}
	}

	/** Runs the input guardrails among {@code names} over a prompt. */
	public GuardrailVerdict checkInput(List<String> names, String text, GuardrailContext call) {
		return check(names, text, INPUT, (guardrail, current) -> guardrail.checkInput(current, call));
	}

	/** Runs the output guardrails among {@code names} over an answer. */
	public GuardrailVerdict checkOutput(List<String> names, String text, GuardrailContext call) {
		return check(names, text, OUTPUT, (guardrail, current) -> guardrail.checkOutput(current, call));
	}

	private GuardrailVerdict check(List<String> names, String text, String direction,
			BiFunction<NamedGuardrail, String, GuardrailResult<?>> run) {
		if (names.isEmpty()) {
			return new GuardrailVerdict.Passed(text, List.of());
		}
		requireKnown(names, "The call");
		List<GuardrailDecision> decisions = new ArrayList<>();
		String current = text;
		for (String name : names) {
			NamedGuardrail guardrail = this.named.get(name);
			if (!guardrail.checks(direction)) {
				continue;
			}
			// A guardrail that throws decides nothing: the call fails as any call that
			// throws (a model error of a judge is retried, a bug is an incident).
			GuardrailResult<?> result = run.apply(guardrail, current);
			if (result.isSuccess()) {
				String after = result.hasRewrittenResult() ? result.successfulText() : current;
				boolean rewritten = after != null && !after.equals(current);
				decisions.add(new GuardrailDecision(name, direction,
						rewritten ? GuardrailDecision.REWRITE : GuardrailDecision.PASS, null,
						rewritten ? after : null));
				current = rewritten ? after : current;
				continue;
			}
			String message = result.failures().stream().map((f) -> f.message()).collect(Collectors.joining("; "));
			if (result instanceof OutputGuardrailResult output && (output.isReprompt() || output.isRetry())) {
				String feedback = output.getReprompt().orElse(message);
				decisions.add(new GuardrailDecision(name, direction, GuardrailDecision.REPROMPT, feedback, null));
				return new GuardrailVerdict.Reprompt(name, feedback, decisions);
			}
			decisions.add(new GuardrailDecision(name, direction, GuardrailDecision.FAIL, message, null));
			return new GuardrailVerdict.Failed(name, message, decisions);
		}
		return new GuardrailVerdict.Passed(current, decisions);
	}

	/** How often guardrail {@code name} lets an answer be asked for again. */
	public int reprompts(String name) {
		NamedGuardrail guardrail = this.named.get(name);
		return (guardrail != null) ? guardrail.reprompts() : 0;
	}

}
