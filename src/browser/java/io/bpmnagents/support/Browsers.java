package io.bpmnagents.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.logging.Level;

import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import static org.awaitility.Awaitility.await;

/**
 * What every browser journey does with its browser: opens Debian's headless Chromium
 * through its chromedriver (nothing is downloaded; {@code -Dbrowser.chromium} and
 * {@code -Dbrowser.chromedriver} name other binaries) and waits for a page, keeping what
 * the person reading a failure needs. It lives beside the journeys in src/browser/java,
 * as Selenium is on the class path of the browser profile only.
 */
public final class Browsers {

	private Browsers() {
	}

	/**
	 * A new headless browser, its console kept.
	 * @param language what the browser asks pages for, e.g. {@code en-US}; empty:
	 * Chromium's own default
	 */
	public static ChromeDriver open(String language) {
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver")))
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions()
			.setBinary(System.getProperty("browser.chromium", "/usr/bin/chromium"))
			.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
					"--window-size=1440,1000");
		if (!language.isEmpty()) {
			options.addArguments("--lang=" + language);
		}
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		ChromeDriver browser = new ChromeDriver(service, options);
		browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
		return browser;
	}

	/**
	 * Waits for the page to meet the condition; if it does not, keeps a screenshot, the
	 * page and the browser's console in target/browser-failures for the person reading
	 * the failure.
	 */
	public static void waitFor(ChromeDriver browser, Supplier<Boolean> condition) {
		try {
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
				Boolean met = condition.get();
				return met != null && met;
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("The page at " + browser.getCurrentUrl() + " never got there; see "
					+ keepFailure(browser).toAbsolutePath(), ex);
		}
	}

	private static Path keepFailure(ChromeDriver browser) {
		Path folder = Path.of("target", "browser-failures", String.valueOf(System.currentTimeMillis()));
		try {
			Files.createDirectories(folder);
			Files.write(folder.resolve("page.png"), browser.getScreenshotAs(OutputType.BYTES));
			Files.writeString(folder.resolve("page.html"), browser.getPageSource());
			Files.write(folder.resolve("console.txt"),
					browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList());
		}
		catch (IOException | RuntimeException ex) {
			// What could be kept is kept.
		}
		return folder;
	}

}
