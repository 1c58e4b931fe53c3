package io.bpmnagents.cockpit;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.Browsers;
import io.bpmnagents.support.EndToEndTest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A person inspects runs in Cockpit, in Debian's headless Chromium driven through its
 * chromedriver (nothing is downloaded): logs in, finds a finished debate in "Agent runs",
 * reads what each agent was asked and answered, watches a running pipeline's calls appear,
 * reads the agents' figures of a process and an evaluation's cases. Saves the screenshots
 * docs/ shows. Run
 * with {@code mvn -B verify -Pbrowser}; {@code -Dbrowser.chromium} and
 * {@code -Dbrowser.chromedriver} name other binaries.
 */
@EndToEndTest
// The simulator's model priced like the one it stands for, so the pages show a cost.
@TestPropertySource(
		properties = { "llm.prices.simulated-gpt-4o.input=2.50", "llm.prices.simulated-gpt-4o.output=10.00" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CockpitBrowserJourney {

	private static final String XSS = "<img src=x onerror=\"window.__pwned=1\">";

	private static final Path DOCS = Path.of("docs");

	@LocalServerPort
	int port;

	@Autowired
	ApiClient api;

	@Autowired
	Simulator simulator;

	ChromeDriver browser;

	String debateToApprove;

	String businessKey;

	@BeforeAll
	void openBrowser() {
		this.browser = Browsers.open("en-US");
	}

	@AfterAll
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	@Order(1)
	void aPersonLogsInToCockpitAndFindsTheAgentRunsPage() {
		this.browser.get(url("/camunda/app/cockpit/default/"));
		// Cockpit first asks who is logged in, then routes to its login form.
		waitFor(() -> this.browser.getCurrentUrl().endsWith("#/login")
				&& this.browser.findElement(By.cssSelector("input[ng-model='password']")).isDisplayed());
		type(By.cssSelector("input[ng-model='username']"), ApiClient.USER);
		type(By.cssSelector("input[ng-model='password']"), ApiClient.PASSWORD);
		press(this.browser.findElement(By.cssSelector("button[type='submit']")));

		waitFor(() -> !this.browser.findElements(By.linkText("Agent runs")).isEmpty());
	}

	@Test
	@Order(2)
	void aFinishedDebateIsFoundInTheHistoryWithItsPathAndEveryCallShownAsText() throws IOException {
		String marker = "walrus" + System.nanoTime();
		String debate = this.api.start("debate",
				Map.of("task", "Cats " + XSS + " beat dogs (" + marker + ")", "maxRounds", 2));
		String pipeline = this.api.start("sequential-pipeline", Map.of("task", "Write about walruses"));
		String fanout = this.api.start("parallel-fanout", Map.of("task", "Review our caching strategy"));
		List.of(debate, pipeline, fanout).forEach(this.api::awaitEnd);

		this.browser.get(url("/camunda/app/cockpit/default/#/agent-runs"));
		waitFor(() -> rows().size() >= 3);
		screenshot("cockpit-history.png");
		type(By.cssSelector(".ba-search input[name='text']"), marker);
		press(this.browser.findElement(By.cssSelector(".ba-search button[type='submit']")));
		waitFor(() -> rows().size() == 1 && rows().get(0).getAttribute("data-run-id").equals(debate));
		press(rows().get(0).findElement(By.tagName("a")));

		waitFor(() -> calls().size() == 7 && !this.browser.findElements(By.cssSelector(".ba-count")).isEmpty());
		assertThat(this.browser.findElements(By.cssSelector(".ba-agent"))
			.stream()
			.map(CockpitBrowserJourney::text)
			.distinct()).containsExactlyInAnyOrder("proponent", "opponent", "judge");
		assertThat(this.browser.findElements(By.cssSelector(".ba-state")))
			.allSatisfy((state) -> assertThat(text(state)).isEqualTo("answered"));
		assertThat(text(this.browser.findElement(By.cssSelector(".ba-path tr[data-activity-id='Task_Counter']"))))
			.contains("2");
		// The diagram is Cockpit's own (bpmn-js): its multi-instance marker, the path on
		// top.
		assertThat(this.browser
			.findElement(By.cssSelector(".ba-diagram .djs-element[data-element-id='Task_Judge'].ba-visited"))
			.isDisplayed()).isTrue();
		assertThat(this.browser.findElements(
				By.cssSelector(".ba-diagram [data-element-id='SubProcess_Rounds'] [data-marker='sequential']")))
			.hasSize(1);
		assertThat(text(this.browser.findElement(By.cssSelector(".ba-count[data-activity-id='Task_Counter']"))))
			.isEqualTo("2×");
		// The user's markup is shown as text in prompts and answers, never as an element.
		assertThat(this.browser.findElements(By.cssSelector(".ba-run img"))).isEmpty();
		assertThat(this.browser.findElements(By.cssSelector(".ba-prompt")))
			.anySatisfy((prompt) -> assertThat(prompt.getAttribute("textContent")).contains(XSS));
		assertThat(this.browser.findElements(By.cssSelector(".ba-answer")))
			.anySatisfy((answer) -> assertThat(answer.getAttribute("textContent")).contains("<img src=x onerror="));
		assertThat(((JavascriptExecutor) this.browser).executeScript("return window.__pwned === undefined"))
			.isEqualTo(true);
		screenshot("cockpit-run-history.png");
		scrollTo(calls().get(0));
		screenshot("cockpit-history-agent-calls.png");
	}

	@Test
	@Order(3)
	void aRunningPipelinesCallsAppearInItsAgentCallsTabAsTheyHappen() throws IOException {
		Duration latency = this.simulator.latency();
		this.simulator.latency(Duration.ofMillis(2500));
		try {
			String id = this.api.start("sequential-pipeline", Map.of("task", "Write an article about AI agents",
					"agents", List.of("researcher", "writer", "editor")));
			this.browser.get(url("/camunda/app/cockpit/default/#/process-instance/" + id + "/runtime"));
			waitFor(() -> !this.browser.findElements(By.linkText("Agent calls")).isEmpty());
			press(this.browser.findElement(By.linkText("Agent calls")));

			// The tab may open while any of the three calls is under way (a busy machine takes
			// longer than one call to draw Cockpit): what matters is that a call shown in
			// flight turns answered, and the next appears, on the same page.
			waitFor(() -> !calls().isEmpty() && state(calls().size() - 1).equals("in flight"));
			int inFlight = calls().size() - 1;
			if (inFlight < 2) {
				waitFor(() -> calls().size() == inFlight + 2 && state(inFlight).equals("answered")
						&& state(inFlight + 1).equals("in flight"));
				scrollTo(calls().get(0));
				screenshot("cockpit-agent-calls.png");
			}
			waitFor(() -> calls().size() == 3 && state(inFlight).equals("answered") && state(2).equals("answered"));
			assertThat(text(this.browser.findElement(By.cssSelector(".ba-usage")))).contains("3 calls")
				.doesNotContain("cost $0.0000");
		}
		finally {
			this.simulator.latency(latency);
		}
	}

	@Test
	@Order(4)
	void aProcessShowsItsAgentsFigures() throws IOException {
		String definition = this.api.get("/engine-rest/process-definition/key/debate").getBody().path("id").asText();
		this.browser.get(url("/camunda/app/cockpit/default/#/process-definition/" + definition + "/runtime"));
		waitFor(() -> !this.browser.findElements(By.linkText("Agent figures")).isEmpty());
		press(this.browser.findElement(By.linkText("Agent figures")));

		waitFor(() -> this.browser.findElements(By.cssSelector(".ba-figures tr[data-agent]")).size() == 3);
		assertThat(text(this.browser.findElement(By.cssSelector(".ba-figures tr[data-agent='judge']"))))
			.contains("judge");
		scrollTo(this.browser.findElement(By.cssSelector(".ba-figures")));
		screenshot("cockpit-process-stats.png");
	}

	@Test
	@Order(5)
	void aRunIsFoundInCockpitByItsBusinessKey() throws IOException {
		startTheDebateToApprove();
		String definition = this.api.get("/engine-rest/process-definition/key/debate").getBody().path("id").asText();
		// Cockpit's instance search keeps its criteria in the page's address, as a person's
		// search with the "Business Key" criterion (its default) leaves them.
		String search = "[{\"type\":\"businessKey\",\"operator\":\"eq\",\"value\":\"" + this.businessKey
				+ "\",\"name\":\"\"}]";
		this.browser.get(url("/camunda/app/cockpit/default/#/process-definition/" + definition + "/runtime?searchQuery="
				+ URLEncoder.encode(search, StandardCharsets.UTF_8)));

		waitFor(() -> instanceRows().size() == 1 && text(instanceRows().get(0)).contains(this.debateToApprove));
		assertThat(text(instanceRows().get(0).findElement(By.cssSelector("td.business-key"))))
			.isEqualTo(this.businessKey);
		screenshot("cockpit-business-key-search.png");
	}

	@Test
	@Order(6)
	void theApprovalTaskShowsHowTheAgentsGotThereAndIsReachedFromTheRunsOwnInstance() throws IOException {
		startTheDebateToApprove();
		String task = this.api.run(this.debateToApprove).path("userTasks").path(0).path("id").asText();
		By openTask = By.cssSelector(".ba-waiting tr[data-task-id='" + task + "'] a.ba-open-task");
		// The task waits in the called result-approval; the run's page in Agent runs shows it.
		this.browser.get(url("/camunda/app/cockpit/default/#/agent-runs?run=" + this.debateToApprove));
		waitFor(() -> !this.browser.findElements(By.cssSelector(".ba-run .ba-waiting")).isEmpty());
		assertThat(this.browser.findElement(By.cssSelector(".ba-run .ba-waiting a.ba-open-task"))
			.getAttribute("href")).endsWith("/camunda/app/tasklist/default/#/?task=" + task);

		this.browser.get(url("/camunda/app/cockpit/default/#/process-instance/" + this.debateToApprove + "/runtime"));
		waitFor(() -> !this.browser.findElements(By.linkText("Waiting for a person")).isEmpty());
		press(this.browser.findElement(By.linkText("Waiting for a person")));

		waitFor(() -> !this.browser.findElements(openTask).isEmpty());
		assertThat(text(this.browser.findElement(By.cssSelector(".ba-waiting tr[data-task-id='" + task + "']"))))
			.contains("Approve the result");
		scrollTo(this.browser.findElement(By.cssSelector(".ba-waiting")));
		screenshot("cockpit-waiting-for-a-person.png");
		press(this.browser.findElement(openTask));

		// The same login holds in Tasklist: the administrator may approve.
		waitFor(() -> this.browser.getCurrentUrl().contains("/tasklist/") && !this.browser
			.findElements(By.cssSelector("select#approved-field"))
			.isEmpty());
		assertThat(this.browser.getCurrentUrl()).matches(".*[?&]task=" + task + "(&.*)?");
		waitFor(() -> this.browser.findElements(By.cssSelector("form[name='approveResult'] details summary"))
			.size() >= 3);
		List<String> answers = this.browser.findElements(By.cssSelector("form[name='approveResult'] details summary"))
			.stream()
			.map(CockpitBrowserJourney::text)
			.toList();
		assertThat(text(this.browser.findElement(By.cssSelector("form[name='approveResult']"))))
			.contains("How the agents got there (" + answers.size() + " answers, the latest last)");
		assertThat(answers).anySatisfy((answer) -> assertThat(answer).contains("proponent"))
			.anySatisfy((answer) -> assertThat(answer).contains("opponent"))
			.last()
			.satisfies((answer) -> assertThat(answer).contains("judge"));
		// The latest answer, the judgment, is unfolded; the earlier ones fold.
		List<WebElement> details = this.browser.findElements(By.cssSelector("form[name='approveResult'] details"));
		assertThat(details.get(details.size() - 1).getAttribute("open")).as("the latest answer, unfolded").isNotNull();
		assertThat(details.get(0).getAttribute("open")).isNull();
		assertThat(this.browser.findElements(By.cssSelector("select#approved-field option"))
			.stream()
			.map(CockpitBrowserJourney::text)).contains("Approve the result", "Send it back for rework");
		screenshot("tasklist-approval.png");
	}

	@Test
	@Order(7)
	void anEvaluationListsItsCasesAndOpensOneSideBySide() throws IOException {
		List<String> originals = Stream.of("Why tests matter", "How to review code", "When to refactor")
			.map((task) -> this.api.start("sequential-pipeline",
					Map.of("task", task, "agents", List.of("researcher", "writer"))))
			.toList();
		originals.forEach(this.api::awaitEnd);
		// The writer's prompt changed for the replays only: each case goes live there.
		ResponseEntity<JsonNode> created = this.api.post("/api/evaluations",
				Map.of("runs", originals, "target", Map.of("process", "sequential-pipeline"), "judge",
						Map.of("criteria", "Shorter is better, as long as nothing the reader needs is lost."),
						"agents", Map.of("writer", Map.of("systemPrompt", "You write short articles for busy readers."))));
		assertThat(created.getStatusCode().value()).as("%s", created.getBody()).isEqualTo(201);
		String evaluation = created.getBody().path("id").asText();
		assertThat(this.api.awaitEnd(evaluation).path("status").asText()).isEqualTo("COMPLETED");

		this.browser.get(url("/camunda/app/cockpit/default/#/agent-evaluations?evaluation=" + evaluation));
		waitFor(() -> this.browser.findElements(By.cssSelector(".ba-cases tbody tr")).size() == 3);
		assertThat(this.browser.findElements(By.cssSelector(".ba-cases tbody tr")))
			.allSatisfy((row) -> assertThat(text(row)).contains("Task_Stage (writer)"));
		screenshot("cockpit-evaluation.png");
		press(this.browser.findElement(By.cssSelector(".ba-cases tbody tr a")));

		waitFor(() -> !this.browser.findElements(By.cssSelector(".ba-case")).isEmpty());
		assertThat(text(this.browser.findElement(By.cssSelector(".ba-case")))).contains("Original outcome",
				"New outcome", "Diff", "Where it went live");
		screenshot("cockpit-evaluation-case.png");
	}

	/**
	 * A debate, started with a business key, waiting for a person to approve its judgment
	 * (once for the journeys that look at it).
	 */
	private void startTheDebateToApprove() {
		if (this.debateToApprove != null) {
			return;
		}
		this.businessKey = "order-" + System.nanoTime();
		this.debateToApprove = this.api
			.post("/api/runs",
					Map.of("process", "debate", "businessKey", this.businessKey, "input",
							Map.of("task", "Remote work beats the office", "maxRounds", 1, "requireApproval", true)))
			.getBody()
			.path("id")
			.asText();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.api.run(this.debateToApprove).path("userTasks").size() == 1);
	}

	private List<WebElement> instanceRows() {
		return this.browser.findElements(By.cssSelector("tr[ng-repeat*='processInstance']"));
	}

	/**
	 * Types into a field as a person would, as input events the page's framework sees.
	 * (Chromium 156's headless mode dropped WebDriver's native key and mouse events
	 * here.)
	 */
	private void type(By field, String text) {
		WebElement element = this.browser.findElement(field);
		((JavascriptExecutor) this.browser).executeScript(
				"arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
						+ " arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
				element, text);
	}

	/** Clicks, as a DOM click: see {@link #type}. */
	private void press(WebElement element) {
		((JavascriptExecutor) this.browser).executeScript("arguments[0].click();", element);
	}

	/** The element's text, also where it is scrolled out of view. */
	private static String text(WebElement element) {
		return element.getAttribute("textContent").strip();
	}

	private List<WebElement> rows() {
		return this.browser.findElements(By.cssSelector(".ba-runs tbody tr"));
	}

	private List<WebElement> calls() {
		return this.browser.findElements(By.cssSelector(".ba-call"));
	}

	private String state(int call) {
		List<WebElement> calls = calls();
		return (calls.size() > call) ? text(calls.get(call).findElement(By.cssSelector(".ba-state"))) : "";
	}

	private void scrollTo(WebElement element) {
		((JavascriptExecutor) this.browser).executeScript("arguments[0].scrollIntoView({block: 'start'})", element);
	}

	private void waitFor(Supplier<Boolean> condition) {
		Browsers.waitFor(this.browser, condition);
	}

	private void screenshot(String name) throws IOException {
		Files.createDirectories(DOCS);
		Files.write(DOCS.resolve(name), this.browser.getScreenshotAs(OutputType.BYTES));
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
