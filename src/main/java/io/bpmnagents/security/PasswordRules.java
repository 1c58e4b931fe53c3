package io.bpmnagents.security;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.identity.PasswordPolicyRule;

/**
 * Camunda's password policy rules in plain words (the engine gives placeholders such as
 * {@code PASSWORD_POLICY_LENGTH} and their parameters, for the webapps to translate).
 */
final class PasswordRules {

	private PasswordRules() {
	}

	private static final String USER_DATA = "PASSWORD_POLICY_USER_DATA";

	/**
	 * What the rules ask, as one phrase: "needs at least 10 characters and a digit, and
	 * must not contain the user's id, first or last name or email".
	 */
	static String sentence(List<PasswordPolicyRule> rules) {
		List<String> needs = rules.stream()
			.filter((rule) -> !USER_DATA.equals(rule.getPlaceholder()))
			.map(PasswordRules::words)
			.toList();
		boolean userData = rules.stream().anyMatch((rule) -> USER_DATA.equals(rule.getPlaceholder()));
		String needed = needs.isEmpty() ? "" : "needs " + ((needs.size() == 1) ? needs.get(0)
				: String.join(", ", needs.subList(0, needs.size() - 1)) + " and " + needs.get(needs.size() - 1));
		String avoided = userData ? "must not contain the user's id, first or last name or email" : "";
		return needed + ((!needed.isEmpty() && userData) ? ", and " : "") + avoided;
	}

	private static String words(PasswordPolicyRule rule) {
		Map<String, String> parameters = (rule.getParameters() != null) ? rule.getParameters() : Map.of();
		String count = parameters.values().stream().findFirst().orElse("1");
		return switch (rule.getPlaceholder()) {
			case "PASSWORD_POLICY_LENGTH" -> "at least " + count + " characters";
			case "PASSWORD_POLICY_LOWERCASE" -> some(count, "lower-case letter");
			case "PASSWORD_POLICY_UPPERCASE" -> some(count, "upper-case letter");
			case "PASSWORD_POLICY_DIGIT" -> some(count, "digit");
			case "PASSWORD_POLICY_SPECIAL" -> some(count, "special character (such as - _ ! or #)");
			default -> rule.getPlaceholder() + (parameters.isEmpty() ? "" : " " + parameters);
		};
	}

	private static String some(String count, String what) {
		return "1".equals(count) ? (what.matches("[aeiou].*") ? "an " : "a ") + what
				: "at least " + count + " " + what + "s";
	}

}
