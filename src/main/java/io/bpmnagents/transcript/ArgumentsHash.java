package io.bpmnagents.transcript;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The SHA-256 of a tool call's arguments in a canonical form (object keys sorted, no
 * spaces), so that the same arguments written another way hash alike and any changed
 * value does not: what binds a person's approval to the arguments it showed.
 */
public final class ArgumentsHash {

	private static final ObjectMapper CANONICAL = JsonMapper.builder()
		.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
		.build();

	private ArgumentsHash() {
	}

	/**
	 * @param arguments a JSON text; text that is no JSON is hashed as it is
	 */
	public static String of(String arguments) {
		String canonical = canonical(arguments);
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

	/** The arguments with sorted keys and no spaces; text that is no JSON as it is. */
	public static String canonical(String arguments) {
		String text = (arguments == null || arguments.isBlank()) ? "{}" : arguments;
		try {
			JsonNode tree = CANONICAL.readTree(text);
			return CANONICAL.writeValueAsString(CANONICAL.treeToValue(tree, Object.class));
		}
		catch (JsonProcessingException ex) {
			return text;
		}
	}

}
