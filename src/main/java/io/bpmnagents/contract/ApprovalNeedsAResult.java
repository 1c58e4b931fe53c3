package io.bpmnagents.contract;

import java.util.Map;
import java.util.stream.Collectors;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * The one rule that spans fields: a run that asks a person to approve its result
 * ({@code requireApproval}) must end with one result. A process names the input values
 * with which it has none in its {@code noResultWhen} property, e.g. a parallel-fanout
 * broadcast ({@code synthesizer=none}) ends with the answers alone.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class ApprovalNeedsAResult {

	static final String REQUIRE_APPROVAL = "requireApproval";

	private final ProcessContract contract;

	void check(Map<String, Object> given, Map<String, TypedValue> checked) {
		if (this.contract.noResultWhen().isEmpty() || !Boolean.TRUE.equals(value(REQUIRE_APPROVAL, given, checked))) {
			return;
		}
		boolean noResult = this.contract.noResultWhen()
			.entrySet()
			.stream()
			.allMatch((when) -> when.getValue().equals(String.valueOf(value(when.getKey(), given, checked))));
		if (noResult) {
			String when = this.contract.noResultWhen()
				.entrySet()
				.stream()
				.map((entry) -> entry.getKey() + " \"" + entry.getValue() + "\"")
				.collect(Collectors.joining(" and "));
			throw new InvalidInputException(REQUIRE_APPROVAL,
					"Input field '" + REQUIRE_APPROVAL + "' needs one result to approve, and a run with " + when
							+ " has none: it ends with the answers alone. Choose other values, or leave approval off.");
		}
	}

	private static Object value(String name, Map<String, Object> given, Map<String, TypedValue> checked) {
		TypedValue typed = checked.get(name);
		return (typed != null) ? typed.getValue() : given.get(name);
	}

}
