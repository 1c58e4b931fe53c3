package io.bpmnagents.guardrail;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * The built-in {@code deny} and {@code allow} guardrails: regular expressions compiled at
 * start, searched anywhere in the text. A text breaks a deny rule when any pattern is
 * found in it, an allow rule when none is. Patterns are only ever matched, never
 * evaluated.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
final class PatternRule implements TextRule {

	private final String name;

	private final List<Pattern> patterns;

	private final boolean allow;

	static PatternRule deny(String name, List<String> patterns) {
		return new PatternRule(name, compile(name, patterns), false);
	}

	static PatternRule allow(String name, List<String> patterns) {
		return new PatternRule(name, compile(name, patterns), true);
	}

	private static List<Pattern> compile(String name, List<String> patterns) {
		if (patterns.isEmpty()) {
			throw new IllegalArgumentException(
					"Guardrail '" + name + "' has no patterns: set bpmn-agents.guardrails." + name + ".patterns");
		}
		return patterns.stream().map((pattern) -> {
			try {
				return Pattern.compile(pattern);
			}
			catch (PatternSyntaxException ex) {
				throw new IllegalArgumentException(
						"Guardrail '" + name + "': the pattern '" + pattern + "' is not a valid regular expression: "
								+ ex.getDescription() + " near index " + ex.getIndex(),
						ex);
			}
		}).toList();
	}

	@Override
	public String apply(String text, GuardrailContext call) throws Violation {
		String subject = (text != null) ? text : "";
		for (Pattern pattern : this.patterns) {
			if (pattern.matcher(subject).find()) {
				if (this.allow) {
					return text;
				}
				throw new Violation("The text contains what guardrail '" + this.name + "' denies (pattern '"
						+ pattern.pattern() + "').");
			}
		}
		if (this.allow) {
			throw new Violation("The text matches none of the patterns guardrail '" + this.name + "' allows.");
		}
		return text;
	}

}
