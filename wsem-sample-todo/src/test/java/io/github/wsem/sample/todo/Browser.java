package io.github.wsem.sample.todo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless window of Debian's Chromium, driven through {@code chromedriver}, with its
 * own fresh profile. Both paths are given explicitly, so Selenium Manager never looks for
 * (or downloads) a browser. {@code ensure-chromium.sh} makes sure they exist before the
 * tests run.
 */
final class Browser implements AutoCloseable {

	static final Path CHROMIUM = Path.of(env("WSEM_CHROMIUM", "/usr/bin/chromium"));

	static final Path CHROMEDRIVER = Path.of(env("WSEM_CHROMEDRIVER", "/usr/bin/chromedriver"));

	/**
	 * Selenium warns that it has no DevTools (CDP) bindings for this Chromium version;
	 * the tests use WebDriver only, so that warning is noise. Held here so that the level
	 * sticks.
	 */
	private static final Logger cdpWarnings = Logger.getLogger("org.openqa.selenium");

	final ChromeDriver driver;

	private final Path profile;

	private Browser(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	static Browser start() {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			throw new IllegalStateException("The browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
					+ " (Debian packages chromium and chromium-driver)");
		}
		System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
		cdpWarnings.setLevel(Level.SEVERE);
		Path profile;
		try {
			profile = Files.createTempDirectory("wsem-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		// Without the back/forward cache: the tests load page after page in one window,
		// and
		// a cached page keeps its EventSource streams open, each holding one of
		// Chromium's
		// six connections per host (HTTP/1.1) for about a minute; a few pages later a
		// load
		// waits that long for a connection. Each test wants a fresh page, as a new tab
		// is.
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-features=BackForwardCache", "--window-size=1100,800",
				"--user-data-dir=" + profile);
		// Leave an alert open, so a test can see that none was ever raised.
		options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		return new Browser(new ChromeDriver(service, options), profile);
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			deleteProfile();
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	private void deleteProfile() {
		try (Stream<Path> files = Files.walk(this.profile)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a leftover temporary directory is harmless
		}
	}

}
