package io.bpmnagents.dataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import org.springframework.stereotype.Component;

/**
 * Cases as JSON Lines (jsonlines.org), one case per line and no header line:
 * {@code {"id": "…", "input": {…}, "expected": "…", "sourceRunId": "…"}}, only
 * {@code input} required. The dataset's own fields (its process) are not in the file, so
 * that every line is a case any JSON Lines tool can read, and a file can be imported
 * under any name. Jackson parses and writes each line; duplicate keys are refused.
 */
@Component
class DatasetLines {

	static final Set<String> FIELDS = Set.of("id", "input", "expected", "sourceRunId");

	static final int MAX_ID = 200;

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final ObjectMapper json;

	private final ObjectReader strict;

	DatasetLines(ObjectMapper json) {
		this.json = json;
		this.strict = json.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
	}

	/**
	 * The cases of a file, in order; blank lines are skipped, and a case without an id is
	 * given {@code case-<n>} (its place among the cases, from 1).
	 * @throws InvalidDatasetException naming the first line that is wrong, and why
	 */
	List<DatasetCase> read(byte[] file, int maxCases) {
		String text = utf8(file);
		List<DatasetCase> cases = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		String[] lines = text.split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
			if (line.isBlank()) {
				continue;
			}
			int number = i + 1;
			if (cases.size() == maxCases) {
				throw new InvalidDatasetException(number, "Line " + number + ": a dataset holds at most " + maxCases
						+ " cases (bpmn-agents.datasets.max-cases).");
			}
			JsonNode node;
			try {
				node = this.strict.readTree(line);
			}
			catch (JsonProcessingException ex) {
				throw new InvalidDatasetException(number,
						"Line " + number + " is not JSON: " + ex.getOriginalMessage() + ".");
			}
			try {
				cases.add(unique(toCase(node, cases.size() + 1, null), ids));
			}
			catch (InvalidDatasetException ex) {
				throw new InvalidDatasetException(number, "Line " + number + ": " + ex.getMessage());
			}
		}
		if (cases.isEmpty()) {
			throw new InvalidDatasetException("The file holds no case: give one JSON object per line, "
					+ "{\"input\": {…}, \"expected\": \"…\"}.");
		}
		return cases;
	}

	/**
	 * One case given as JSON, the {@code n}th of its dataset.
	 * @param sourceRunId the run it was made from, when not given in the JSON
	 */
	DatasetCase toCase(JsonNode node, int n, String sourceRunId) {
		if (!node.isObject()) {
			throw new InvalidDatasetException("a case is a JSON object, {\"input\": {…}, \"expected\": \"…\"}.");
		}
		for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
			String name = names.next();
			if (!FIELDS.contains(name)) {
				throw new InvalidDatasetException("unknown field '" + name
						+ "': a case has 'id', 'input' (required), 'expected' and 'sourceRunId'.");
			}
		}
		JsonNode input = node.get("input");
		if (input == null || !input.isObject()) {
			throw new InvalidDatasetException(
					"'input' must be a JSON object: the input a run of the process starts with, e.g. {\"task\": \"…\"}.");
		}
		String id = text(node, "id");
		if (id == null) {
			id = "case-" + n;
		}
		if (id.isBlank() || id.length() > MAX_ID) {
			throw new InvalidDatasetException("'id' must be a text of 1 to " + MAX_ID + " characters.");
		}
		String source = text(node, "sourceRunId");
		return new DatasetCase(id, this.json.convertValue(input, MAP), text(node, "expected"),
				(source != null) ? source : sourceRunId);
	}

	/** The case, unless its id is one of {@code ids}; its id is added to them. */
	static DatasetCase unique(DatasetCase found, Set<String> ids) {
		if (!ids.add(found.id())) {
			throw new InvalidDatasetException("the id '" + found.id() + "' is taken by an earlier case.");
		}
		return found;
	}

	/**
	 * The cases as JSON Lines, UTF-8: each case compact on its line, its fields in the
	 * order id, input, expected, sourceRunId, those without a value left out, and every
	 * line ending with a line feed.
	 */
	byte[] write(List<DatasetCase> cases) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			for (DatasetCase each : cases) {
				Map<String, Object> line = new LinkedHashMap<>();
				line.put("id", each.id());
				line.put("input", each.input());
				if (each.expected() != null) {
					line.put("expected", each.expected());
				}
				if (each.sourceRunId() != null) {
					line.put("sourceRunId", each.sourceRunId());
				}
				out.write(this.json.writeValueAsBytes(line));
				out.write('\n');
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isTextual()) {
			throw new InvalidDatasetException("'" + field + "' must be a text.");
		}
		return value.asText();
	}

	private static String utf8(byte[] file) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(file))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new InvalidDatasetException("The file is not UTF-8 text: JSON Lines files are UTF-8.");
		}
	}

}
