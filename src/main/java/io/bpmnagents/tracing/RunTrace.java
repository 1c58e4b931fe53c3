package io.bpmnagents.tracing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The trace of a run, derived from the run's id alone: every node, thread and restart
 * that works on a run computes the same trace id and the same id for the run's root span,
 * with nothing stored and nothing handed from one call to the next. A run id that is a
 * UUID (the engine's default id generator) is its trace id as written, without dashes;
 * any other id is hashed.
 *
 * @param traceId 32 lowercase hex digits
 * @param rootSpanId 16 lowercase hex digits, the id of the run's own span
 */
public record RunTrace(String traceId, String rootSpanId) {

	private static final HexFormat HEX = HexFormat.of();

	public static RunTrace of(String runId) {
		return new RunTrace(traceIdOf(runId), nonZero(HEX.formatHex(sha256("run-span:" + runId), 0, 8)));
	}

	private static String traceIdOf(String runId) {
		try {
			UUID uuid = UUID.fromString(runId);
			if (uuid.toString().equalsIgnoreCase(runId)) {
				return nonZero(runId.replace("-", "").toLowerCase());
			}
		}
		catch (IllegalArgumentException ex) {
			// not a UUID: hashed below
		}
		return nonZero(HEX.formatHex(sha256("run:" + runId), 0, 16));
	}

	/** An all-zero id is invalid in OpenTelemetry; one in 2^64 hashes would give it. */
	private static String nonZero(String hex) {
		return hex.chars().allMatch((c) -> c == '0') ? hex.substring(0, hex.length() - 1) + "1" : hex;
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
