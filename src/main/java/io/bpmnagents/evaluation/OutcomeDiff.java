package io.bpmnagents.evaluation;

import java.util.List;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;

/**
 * The text diff of an original and a new outcome, line by line in the unified format
 * ({@code ---}/{@code +++} headers, {@code @@} hunks, three lines of context), by
 * java-diff-utils; empty when they are the same.
 */
final class OutcomeDiff {

	private static final int CONTEXT = 3;

	private OutcomeDiff() {
	}

	static String of(String original, String revised) {
		List<String> before = lines(original);
		List<String> after = lines(revised);
		Patch<String> patch = DiffUtils.diff(before, after);
		if (patch.getDeltas().isEmpty()) {
			return "";
		}
		return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff("original", "new", before, patch, CONTEXT));
	}

	private static List<String> lines(String text) {
		return (text == null || text.isEmpty()) ? List.of() : List.of(text.split("\\R", -1));
	}

}
