package io.bpmnagents.webapps;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.Browsers;
import io.bpmnagents.support.EndToEndTest;
import jakarta.servlet.Filter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person opens each webapp the app ships (Tasklist, Cockpit, Admin, Welcome) in a
 * browser that asks for one language or another, on its first visit (nothing cached),
 * over a network that brings the texts after the page's data. Every page shows its texts,
 * never raw keys such as {@code CREATION_DATE} or {@code SEARCH_PLACEHOLDER}. Run with
 * {@code mvn -B verify -Pbrowser}.
 */
@EndToEndTest
@Import(WebappTextsBrowserJourney.SlowLocaleFiles.class)
class WebappTextsBrowserJourney {

	/**
	 * The Camunda locale files answer late, as over a slow network: the order in which
	 * Tasklist built its search before its texts had arrived, and kept the keys.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class SlowLocaleFiles {

		@Bean
		FilterRegistrationBean<Filter> slowLocaleFiles() {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
				try {
					Thread.sleep(1500);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				chain.doFilter(request, response);
			});
			registration.addUrlPatterns("/camunda/app/tasklist/locales/*", "/camunda/app/cockpit/locales/*",
					"/camunda/app/admin/locales/*", "/camunda/app/welcome/locales/*");
			return registration;
		}

	}

	/** Finds visible texts and placeholders that are keys of the app's locale file. */
	private static final String RAW_KEYS = """
			const [app, done] = arguments;
			fetch('/camunda/app/' + app + '/locales/en.json').then((response) => response.json()).then((locale) => {
			  const keys = new Set(Object.keys(locale.labels).filter((key) => /^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/.test(key)));
			  // Camunda's header widget in Cockpit and Admin: its screen-reader text of the menu
			  // button is this key as a literal, never translated, whenever the texts come.
			  keys.delete('CAM_WIDGET_HEADER_TOGGLE_NAVIGATION');
			  const found = new Set();
			  const check = (text) => (text || '').match(/[A-Z][A-Z0-9_]+/g)?.forEach((word) => keys.has(word) && found.add(word));
			  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
			  while (texts.nextNode()) {
			    if (!['SCRIPT', 'STYLE'].includes(texts.currentNode.parentNode.nodeName)) check(texts.currentNode.textContent);
			  }
			  document.querySelectorAll('[placeholder], [title]').forEach((element) => {
			    check(element.getAttribute('placeholder'));
			    check(element.getAttribute('title'));
			  });
			  done(Array.from(found));
			}).catch((error) => done(['cannot read the locale file: ' + error]));
			""";

	@LocalServerPort
	int port;

	ChromeDriver browser;

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	// "" is a browser started without a language: Chromium's own default.
	@ParameterizedTest(name = "a browser asking for \"{0}\"")
	@ValueSource(strings = { "en-US", "de-DE", "fr-FR", "ja", "zh-CN", "" })
	void everyWebappShowsItsTextsWhateverLanguageTheBrowserAsksFor(String language) throws IOException {
		this.browser = Browsers.open(language);
		logIn();

		firstVisitOf("tasklist");
		// Tasklist's task search: its placeholder and its "Created" criterion.
		waitFor(() -> !this.browser.findElement(By.cssSelector("input.main-field"))
			.getAttribute("placeholder")
			.isEmpty());
		assertThat(this.browser.findElement(By.cssSelector("input.main-field")).getAttribute("placeholder"))
			.isEqualTo("Filter Tasks");
		List<String> found = new ArrayList<>(rawKeys("tasklist"));
		for (String app : List.of("cockpit", "admin", "welcome")) {
			firstVisitOf(app);
			found.addAll(rawKeys(app).stream().map((key) -> app + ": " + key).toList());
		}
		assertThat(found).isEmpty();
		assertThat(this.browser.findElement(By.cssSelector("[cam-widget-header]")).getAttribute("textContent"))
			.contains("Log out");
	}

	/** Logs in on the Welcome page, so each app opens as on a first visit later. */
	private void logIn() {
		this.browser.get(url("/camunda/app/welcome/default/"));
		waitFor(() -> this.browser.findElement(By.cssSelector("input[ng-model='password']")).isDisplayed());
		script("""
				const type = (field, text) => {
				  const input = document.querySelector(field);
				  input.value = text;
				  input.dispatchEvent(new Event('input', {bubbles: true}));
				  input.dispatchEvent(new Event('change', {bubbles: true}));
				};
				type("input[ng-model='username']", arguments[0]);
				type("input[ng-model='password']", arguments[1]);
				document.querySelector("button[type='submit']").click();
				""", ApiClient.USER, ApiClient.PASSWORD);
		waitFor(() -> !this.browser.getCurrentUrl().contains("login"));
	}

	/** Opens the app as on a browser's first visit: without the texts Camunda caches. */
	private void firstVisitOf(String app) {
		script("window.localStorage.clear()");
		this.browser.get(url("/camunda/app/" + app + "/default/"));
		waitFor(() -> Boolean.TRUE.equals(script("""
				const view = document.querySelector('[ng-view]');
				return view !== null && !view.querySelector('.app-splash') && view.textContent.trim().length > 0;
				""")));
	}

	@SuppressWarnings("unchecked")
	private List<String> rawKeys(String app) {
		return (List<String>) ((JavascriptExecutor) this.browser).executeAsyncScript(RAW_KEYS, app);
	}

	private Object script(String script, Object... arguments) {
		return ((JavascriptExecutor) this.browser).executeScript(script, arguments);
	}

	private void waitFor(Supplier<Boolean> condition) {
		Browsers.waitFor(this.browser, condition);
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
