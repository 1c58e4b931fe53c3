package io.bpmnagents.guardrail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The built-in pii guardrail redacts what a library confirms, and leaves alone what only
 * looks like personal data.
 */
class PiiRedactionTest {

	private final PiiRedaction international = new PiiRedaction(null);

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					an e-mail address                      | Write to jane.doe@example.com today.         | Write to [e-mail] today.
					a card number that passes Luhn         | Card 4111 1111 1111 1111 expires soon        | Card [card number] expires soon
					a card number written with dashes      | Card 4111-1111-1111-1111.                    | Card [card number].
					a valid IBAN, spaced                   | Pay to DE89 3704 0044 0532 0130 00 by Friday | Pay to [IBAN] by Friday
					a valid IBAN, not spaced               | IBAN GB82WEST12345698765432.                 | IBAN [IBAN].
					an international phone number          | Call +44 20 7946 0958 after nine             | Call [phone number] after nine
					""")
	void personalDataIsReplacedByItsPlaceholder(String what, String text, String redacted) {
		assertThat(redact(text)).isEqualTo(redacted);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			a number that fails Luhn               | Order 4111 1111 1111 1112 shipped
			an IBAN with wrong check digits        | Pay to DE00 3704 0044 0532 0130 00 by Friday
			a text without personal data           | The meeting is at 10:30 on 2026-12-07 in room 4.
			""")
	void whatOnlyLooksLikePersonalDataPassesUnchanged(String what, String text) {
		assertThat(redact(text)).isSameAs(text);
	}

	@Test
	void aNationalPhoneNumberIsRedactedOnlyWithItsRegion() {
		String text = "Call (030) 12345678 after nine";
		assertThat(redact(text)).isSameAs(text);
		assertThat(new PiiRedaction("DE").apply(text, null)).isEqualTo("Call [phone number] after nine");
	}

	@Test
	void anUnknownRegionIsRefused() {
		assertThatThrownBy(() -> new PiiRedaction("XX")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("'XX' is not a region");
	}

	private String redact(String text) {
		return this.international.apply(text, null);
	}

}
