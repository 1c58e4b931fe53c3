package io.bpmnagents.guardrail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The built-in pii guardrail redacts what a library confirms, and leaves alone what only
 * looks like personal data.
 */
class PiiRedactionTest {

	private final PiiRedaction international = new PiiRedaction(null);

	@Test
	void anEmailAddressIsReplacedByAPlaceholder() {
		assertThat(redact("Write to jane.doe@example.com today.")).isEqualTo("Write to [e-mail] today.");
	}

	@Test
	void aCardNumberThatPassesTheLuhnChecksumIsRedacted() {
		assertThat(redact("Card 4111 1111 1111 1111 expires soon")).isEqualTo("Card [card number] expires soon");
		assertThat(redact("Card 4111-1111-1111-1111.")).isEqualTo("Card [card number].");
	}

	@Test
	void aNumberThatFailsTheLuhnChecksumIsNotRedacted() {
		String text = "Order 4111 1111 1111 1112 shipped";
		assertThat(redact(text)).isSameAs(text);
	}

	@Test
	void aValidIbanIsRedactedSpacedOrNot() {
		assertThat(redact("Pay to DE89 3704 0044 0532 0130 00 by Friday")).isEqualTo("Pay to [IBAN] by Friday");
		assertThat(redact("IBAN GB82WEST12345698765432.")).isEqualTo("IBAN [IBAN].");
	}

	@Test
	void anIbanWithWrongCheckDigitsIsNotRedacted() {
		String text = "Pay to DE00 3704 0044 0532 0130 00 by Friday";
		assertThat(redact(text)).isSameAs(text);
	}

	@Test
	void anInternationalPhoneNumberIsRedacted() {
		assertThat(redact("Call +44 20 7946 0958 after nine")).isEqualTo("Call [phone number] after nine");
	}

	@Test
	void aNationalPhoneNumberIsRedactedOnlyWithItsRegion() {
		String text = "Call (030) 12345678 after nine";
		assertThat(redact(text)).isSameAs(text);
		assertThat(new PiiRedaction("DE").apply(text, null)).isEqualTo("Call [phone number] after nine");
	}

	@Test
	void aTextWithoutPersonalDataPassesUnchanged() {
		String text = "The meeting is at 10:30 on 2026-12-07 in room 4.";
		assertThat(redact(text)).isSameAs(text);
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
