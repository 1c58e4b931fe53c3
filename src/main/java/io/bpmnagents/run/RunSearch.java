package io.bpmnagents.run;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.bpmnagents.contract.InvalidInputException;

/**
 * What {@code GET /api/runs} looks for: any of a process, a status, a start time window
 * and a text in what the agents were asked or answered (or the run's id or business key),
 * one page at a time. The page size is bounded so that no request reads the whole
 * history.
 */
record RunSearch(String process, RunView.Status status, Instant startedFrom, Instant startedTo, String text, int page,
		int size) {

	static final int MAX_SIZE = 100;

	static final int MAX_TEXT = 200;

	static RunSearch of(String process, String status, String startedFrom, String startedTo, String text, Integer page,
			Integer size) {
		int pageNumber = (page != null) ? page : 0;
		int pageSize = (size != null) ? size : 20;
		if (pageNumber < 0 || pageNumber > 10_000) {
			throw new InvalidInputException("page",
					"Field 'page' must be between 0 and 10000, was " + pageNumber + ".");
		}
		if (pageSize < 1 || pageSize > MAX_SIZE) {
			throw new InvalidInputException("size",
					"Field 'size' must be between 1 and " + MAX_SIZE + ", was " + pageSize + ".");
		}
		String searched = blankToNull(text);
		if (searched != null && searched.length() > MAX_TEXT) {
			throw new InvalidInputException("text",
					"Field 'text' is at most " + MAX_TEXT + " characters, was " + searched.length() + ".");
		}
		return new RunSearch(blankToNull(process), status(status), instant("startedFrom", startedFrom, false),
				instant("startedTo", startedTo, true), searched, pageNumber, pageSize);
	}

	private static RunView.Status status(String status) {
		String given = blankToNull(status);
		if (given == null) {
			return null;
		}
		try {
			return RunView.Status.valueOf(given.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("status", "Unknown status '" + given + "': one of "
					+ Arrays.stream(RunView.Status.values()).map(Enum::name).collect(Collectors.joining(", ")) + ".");
		}
	}

	/**
	 * An instant, or a day (UTC): as a lower bound its start, as an upper bound the start
	 * of the next day, so a day given as both bounds means that whole day.
	 */
	private static Instant instant(String field, String value, boolean upper) {
		String given = blankToNull(value);
		if (given == null) {
			return null;
		}
		try {
			if (given.length() == 10) {
				LocalDate day = LocalDate.parse(given);
				return (upper ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
			}
			return Instant.parse(given);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidInputException(field, "Field '" + field + "' must be a day (2026-05-01) or an instant "
					+ "(2026-05-01T12:00:00Z), was '" + given + "'.");
		}
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	/**
	 * The text as a LIKE pattern matching it anywhere, ignoring case, wildcards escaped.
	 */
	String textPattern() {
		String escaped = this.text.toLowerCase(Locale.ROOT)
			.replace("\\", "\\\\")
			.replace("%", "\\%")
			.replace("_", "\\_");
		return "%" + escaped + "%";
	}

}
