package io.bpmnagents.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README is a front door to pages under {@code docs/}: a page moved or a heading
 * renamed leaves links that lead nowhere, and nothing else notices. Every local link in
 * README.md and docs/**&#47;*.md must reach a file that exists and, when it names an
 * anchor, a heading of that file (GitHub's anchors: lower case, punctuation dropped,
 * spaces as dashes). Links to other sites are not followed. The README must link every
 * page of {@code docs/}.
 */
class DocsLinksTest {

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

	@Test
	void everyLocalLinkInTheReadmeAndTheDocsReachesAFileAndItsHeading() throws IOException {
		List<Path> pages = pages(Path.of("."));

		assertThat(pages).as("README.md and the pages under docs/").hasSizeGreaterThan(5);
		assertThat(brokenLinks(pages)).as("local links that lead nowhere").isEmpty();
	}

	@Test
	void theReadmeLinksEveryPageOfTheDocs() throws IOException {
		Path readme = Path.of("README.md");
		Set<Path> linked = new HashSet<>();
		for (Link link : links(readme)) {
			if (!link.path().isEmpty()) {
				linked.add(readme.resolveSibling(link.path()).normalize());
			}
		}
		try (Stream<Path> docs = Files.list(Path.of("docs"))) {
			List<Path> unlinked = docs.filter((page) -> page.toString().endsWith(".md"))
				.map(Path::normalize)
				.filter((page) -> !linked.contains(page))
				.toList();
			assertThat(unlinked).as("pages of docs/ the README does not link").isEmpty();
		}
	}

	@Test
	void theCheckFindsAMissingFileAndAMissingHeading(@TempDir Path root) throws IOException {
		Files.createDirectories(root.resolve("docs"));
		Files.writeString(root.resolve("README.md"), """
				# Front door
				See [the patterns](docs/patterns.md#the-debate), [gone](docs/gone.md),
				[here](#front-door) and [nowhere](#no-such-heading).
				```
				a code block's [text](is-not-a-link.md)
				```
				""");
		Files.writeString(root.resolve("docs/patterns.md"), """
				# Patterns
				## The debate: two sides, one judge
				Back to [the README](../README.md#front-door), [out](https://example.org/x.md).
				""");

		assertThat(brokenLinks(pages(root))).containsExactlyInAnyOrder(
				"README.md: docs/patterns.md#the-debate (no such heading)", "README.md: docs/gone.md (no such file)",
				"README.md: #no-such-heading (no such heading)");
	}

	@Test
	void anAnchorIsTheHeadingInLowerCaseWithoutPunctuation() {
		assertThat(anchor("Deadlines, budgets and stopping a run")).isEqualTo("deadlines-budgets-and-stopping-a-run");
		assertThat(anchor("`POST /api/runs` and its answer")).isEqualTo("post-apiruns-and-its-answer");
		assertThat(anchor("The debate: two sides, one judge")).isEqualTo("the-debate-two-sides-one-judge");
	}

	private static List<Path> pages(Path directory) throws IOException {
		Path root = directory.toAbsolutePath().normalize();
		List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
		try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
			docs.filter((page) -> page.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		return pages;
	}

	private static List<String> brokenLinks(List<Path> pages) throws IOException {
		Path root = pages.get(0).getParent();
		List<String> broken = new ArrayList<>();
		for (Path page : pages) {
			for (Link link : links(page)) {
				Path target = link.path().isEmpty() ? page : page.resolveSibling(link.path()).normalize();
				String where = root.relativize(page) + ": " + link.written();
				if (!Files.exists(target)) {
					broken.add(where + " (no such file)");
				}
				else if (link.anchor() != null && !anchors(target).contains(link.anchor())) {
					broken.add(where + " (no such heading)");
				}
			}
		}
		return broken;
	}

	/** The page's links to local files, outside code blocks and code spans. */
	private static List<Link> links(Path page) throws IOException {
		List<Link> links = new ArrayList<>();
		boolean inCode = false;
		for (String line : Files.readAllLines(page)) {
			if (line.stripLeading().startsWith("```")) {
				inCode = !inCode;
				continue;
			}
			if (inCode) {
				continue;
			}
			Matcher link = LINK.matcher(line.replaceAll("`[^`]*`", ""));
			while (link.find()) {
				String written = link.group(1);
				if (written.matches("^[a-z][a-z0-9+.-]*:.*")) {
					continue;
				}
				int hash = written.indexOf('#');
				links.add((hash < 0) ? new Link(written, written, null)
						: new Link(written, written.substring(0, hash), written.substring(hash + 1)));
			}
		}
		return links;
	}

	private static Set<String> anchors(Path page) throws IOException {
		Set<String> anchors = new HashSet<>();
		if (!page.toString().endsWith(".md")) {
			return anchors;
		}
		boolean inCode = false;
		for (String line : Files.readAllLines(page)) {
			if (line.stripLeading().startsWith("```")) {
				inCode = !inCode;
			}
			Matcher heading = HEADING.matcher(line);
			if (!inCode && heading.matches()) {
				anchors.add(anchor(heading.group(1)));
			}
		}
		return anchors;
	}

	/** GitHub's anchor of a heading. */
	private static String anchor(String heading) {
		return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
	}

	private record Link(String written, String path, String anchor) {
	}

}
