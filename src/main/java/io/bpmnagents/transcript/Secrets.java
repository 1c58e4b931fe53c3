package io.bpmnagents.transcript;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from error text before it is stored or logged. A model client's
 * error may quote the request: its URL with {@code user:password@} or {@code ?key=}, an
 * {@code Authorization} header, or the API key itself. Transcripts and incidents are read
 * by everyone who may read the run, so such text must not keep the secret.
 */
public final class Secrets {

	static final String HIDDEN = "***";

	private static final List<Rule> RULES = List.of(
			// Credentials in a URL: scheme://user:password@host
			new Rule(Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^\\s/@:\"']+:[^\\s/@\"']*@"), "$1" + HIDDEN + "@"),
			// Query parameters that carry keys or tokens: ?api_key=…, &key=…, &token=…
			new Rule(Pattern.compile(
					"(?i)([?&;](?:[a-z0-9_-]*api[_-]?key|key|[a-z0-9_-]*token|secret|client_secret|password|pwd|sig|signature|auth)=)[^&\\s\"'#]+"),
					"$1" + HIDDEN),
			// Authorization values: Bearer …, Basic …
			new Rule(Pattern.compile("(?i)\\b(Bearer|Basic|Token)(\\s+)[A-Za-z0-9._~+/=-]{6,}"), "$1$2" + HIDDEN),
			// Header or JSON fields: api-key: …, "x-api-key": "…", "password":"…"
			new Rule(Pattern.compile(
					"(?i)([\"']?(?:x-)?(?:api[-_]?key|access[-_]?token|secret|password)[\"']?\\s*[:=]\\s*[\"']?)[^\"'\\s,;}&]+"),
					"$1" + HIDDEN),
			// Well-known key shapes anywhere: OpenAI/Anthropic sk-…, Google AIza…
			new Rule(Pattern.compile("\\bsk-[A-Za-z0-9_-]{6,}"), "sk-" + HIDDEN),
			new Rule(Pattern.compile("\\bAIza[0-9A-Za-z_-]{20,}"), HIDDEN));

	private Secrets() {
	}

	/** The text with every credential it quotes replaced by {@code ***}. */
	public static String redact(String text) {
		if (text == null || text.isEmpty()) {
			return text;
		}
		String result = text;
		for (Rule rule : RULES) {
			Matcher matcher = rule.pattern().matcher(result);
			result = matcher.replaceAll(rule.replacement());
		}
		return result;
	}

	private record Rule(Pattern pattern, String replacement) {
	}

}
