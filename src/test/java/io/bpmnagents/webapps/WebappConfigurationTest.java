package io.bpmnagents.webapps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each Camunda webapp the app ships reads the configuration bpmn-agents puts in its place
 * (the app's classes come before Camunda's webjar): the shared settings, whose languages
 * are those Camunda ships a locale file for. A language without its file would show keys.
 */
class WebappConfigurationTest {

	private static final String APPS = "META-INF/resources/webjars/camunda/app/";

	@ParameterizedTest
	@ValueSource(strings = { "cockpit", "tasklist", "admin", "welcome" })
	void everyWebappReadsTheSharedSettings(String app) throws IOException {
		String config = read(APPS + app + "/scripts/config.js");

		assertThat(config).contains("import webappDefaults from '../../bpmn-agents/webapps.js';")
			.containsPattern("webappDefaults\\(\\)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "cockpit", "tasklist", "admin", "welcome" })
	void everyLanguageOfferedHasItsLocaleFileInEveryWebapp(String app) throws IOException {
		String defaults = read(APPS + "bpmn-agents/webapps.js");
		Matcher locales = Pattern.compile("availableLocales: \\[([^]]*)], fallbackLocale: '([a-z]+)'")
			.matcher(defaults);
		assertThat(locales.find()).as("the locales of webapps.js").isTrue();
		List<String> offered = Arrays.stream(locales.group(1).split(","))
			.map((locale) -> locale.strip().replace("'", ""))
			.toList();

		assertThat(offered).contains(locales.group(2))
			.allSatisfy((locale) -> assertThat(resource(APPS + app + "/locales/" + locale + ".json"))
				.as(app + " texts in " + locale)
				.isNotNull());
	}

	@ParameterizedTest
	@ValueSource(strings = { "cockpit", "tasklist", "admin", "welcome" })
	void everyWebappWaitsForItsTextsBeforeItBuildsAPage(String app) throws IOException {
		String defaults = read(APPS + "bpmn-agents/webapps.js");

		assertThat(defaults).contains("ngDeps: ['bpmnAgents.translationsFirst']")
			.contains("'bpmn-agents-translations-first': '../bpmn-agents/translations-first'");
		assertThat(read(APPS + "bpmn-agents/translations-first.js"))
			.contains("angular.module('bpmnAgents.translationsFirst'");
	}

	private static InputStream resource(String path) {
		return WebappConfigurationTest.class.getClassLoader().getResourceAsStream(path);
	}

	private static String read(String path) throws IOException {
		try (InputStream in = resource(path)) {
			assertThat(in).as(path).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
