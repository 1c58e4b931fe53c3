package io.bpmnagents.guardrail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.apache.commons.validator.routines.EmailValidator;
import org.apache.commons.validator.routines.IBANValidator;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/**
 * The built-in {@code pii} guardrail: replaces e-mail addresses, IBANs, card numbers and
 * phone numbers with a placeholder naming what was there ({@code [e-mail]}). A pattern
 * only finds candidates; a library confirms each, so that a number that merely looks like
 * one is left alone: an IBAN must pass its country's format and check digits (Commons
 * Validator), a card number the Luhn checksum (Commons Validator), a phone number
 * libphonenumber's validity rules.
 */
final class PiiRedaction implements TextRule {

	private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+");

	/** Groups of four after the country and check digits, spaced or not. */
	private static final Pattern IBAN = Pattern
		.compile("\\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\\b");

	/** 13 to 19 digits, spaced or dashed, as card numbers are written. */
	private static final Pattern CARD = Pattern.compile("\\b[0-9](?:[ -]?[0-9]){12,18}\\b");

	private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

	private final String region;

	/**
	 * @param region the country whose national phone formats count too, or {@code null}
	 * for international ones ({@code +…}) only
	 */
	PiiRedaction(String region) {
		this.region = (region != null && !region.isBlank()) ? region.strip().toUpperCase(java.util.Locale.ROOT) : "ZZ";
		if (!"ZZ".equals(this.region) && !this.phones.getSupportedRegions().contains(this.region)) {
			throw new IllegalArgumentException("'" + region + "' is not a region libphonenumber knows; "
					+ "use a two-letter country code such as DE or US");
		}
	}

	@Override
	public String apply(String text, GuardrailContext call) {
		if (text == null || text.isEmpty()) {
			return text;
		}
		String out = replace(text, EMAIL, (match) -> EmailValidator.getInstance().isValid(match), "[e-mail]");
		out = replace(out, IBAN, (match) -> IBANValidator.getInstance().isValid(match.replace(" ", "")), "[IBAN]");
		out = replace(out, CARD, (match) -> LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(match.replaceAll("[ -]", "")),
				"[card number]");
		out = phones(out);
		// Unchanged: the same instance, so the caller sees a pass.
		return out.equals(text) ? text : out;
	}

	private static String replace(String text, Pattern pattern, Predicate<String> confirmed, String placeholder) {
		Matcher matcher = pattern.matcher(text);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(out,
					Matcher.quoteReplacement(confirmed.test(matcher.group()) ? placeholder : matcher.group()));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	private String phones(String text) {
		List<PhoneNumberMatch> found = new ArrayList<>();
		this.phones.findNumbers(text, this.region, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE).forEach(found::add);
		if (found.isEmpty()) {
			return text;
		}
		StringBuilder out = new StringBuilder();
		int from = 0;
		for (PhoneNumberMatch match : found) {
			out.append(text, from, match.start()).append("[phone number]");
			from = match.end();
		}
		return out.append(text.substring(from)).toString();
	}

}
