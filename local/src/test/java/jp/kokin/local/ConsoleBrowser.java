package jp.kokin.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser, for the browser tests ({@code Console*BrowserIT}): the local
 * platform started in this JVM (port 0, no schedules, the demo seed) and headless Chromium driven
 * through chromedriver, both started once for every browser test class of the run and closed at
 * its end. Register it as {@code @RegisterExtension static final ConsoleBrowser console = new ConsoleBrowser();}.
 *
 * <p>It signs in through the development identity provider as a person would ({@link #signIn}),
 * waits on conditions of the page (never a fixed time), keeps full-page screenshots of every screen
 * under {@code local/target/console-screenshots/NN-name.png} (and one of the page a failed test was
 * on, {@code failed-Class-method.png}), and catches what the browser downloads.
 *
 * <p>Chromium and chromedriver come from Debian's {@code chromium} and {@code chromium-driver}
 * ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}; others by {@code -Dconsole.chromium=}
 * and {@code -Dconsole.chromedriver=}). Without them the tests fail, saying so, unless run with
 * {@code -Dconsole.browser=skip}: then they are skipped.
 */
final class ConsoleBrowser implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {
    /** Every wait on the browser: a page, a download, a redirect chain through the identity provider. */
    static final Duration WAIT = Duration.ofSeconds(30);
    /** The window: wide enough for the tables, tall enough that most screens need no scrolling. */
    static final int WIDTH = 1280;
    static final int HEIGHT = 1600;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ConsoleBrowser.class);

    private Shared shared;
    /** Why the tests are skipped (no browser, and -Dconsole.browser=skip), or null. */
    private String skipped;

    @Override
    public void beforeAll(ExtensionContext context) {
        skipped = Browser.skipped().orElse(null);
        if (skipped != null) {
            return; // each test is reported skipped (beforeEach), not the class silently empty
        }
        // One platform and one browser for every browser test class in this JVM (the root store closes them).
        shared = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Shared.class, k -> Shared.start(), Shared.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (skipped != null) {
            Assumptions.abort(skipped);
        }
        signOut(); // no test starts signed in as another test's user
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getExecutionException().isPresent() && shared != null) {
            try {
                screenshot("failed-" + context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName());
            } catch (RuntimeException e) {
                context.getExecutionException().get().addSuppressed(e);
            }
        }
    }

    // --- the platform ---

    /** {@code http://127.0.0.1:{port}}. */
    String base() {
        return shared.platform.baseUrl();
    }

    LocalPlatform platform() {
        return shared.platform;
    }

    /** Requests to the platform's API (the portal's and the operators' side). */
    PlatformHttp http() {
        return new PlatformHttp(base());
    }

    // --- the browser ---

    ChromeDriver driver() {
        return shared.driver;
    }

    /** Opens a console path (or any path of the platform) and waits for the page to be loaded. */
    void open(String path) {
        driver().get(base() + path);
        loaded();
    }

    /**
     * Signs in as a demo user of the development identity provider (design §2: {@code viewer},
     * {@code requester}, {@code approver}, {@code settler}, {@code settler2}, {@code auditor},
     * {@code admin}, {@code mofa}, {@code shinjuku}) as a person would: opens {@code next}, is sent to
     * sign in and on to the provider's chooser, picks the user, signs in, and waits to be back on {@code next}.
     */
    void signIn(String username, String next) {
        signOut();
        driver().get(base() + next);
        chooseOnTheIdentityProvider(username);
        String want = base() + next;
        waitUntil("back on " + next + " after signing in as " + username, d -> d.getCurrentUrl().equals(want));
        loaded();
    }

    /** Signs in as {@code username} and lands on the console's home page. */
    void signIn(String username) {
        signIn(username, "/console/");
    }

    /** On the development identity provider's page: picks {@code username} and presses sign-in. */
    void chooseOnTheIdentityProvider(String username) {
        waitUntil("the development identity provider's sign-in form", ExpectedConditions.presenceOfElementLocated(By.id("dev-sign-in")));
        WebElement user = driver().findElement(By.id("user-" + username));
        user.click();
        driver().findElement(By.id("sign-in")).click();
        waitUntil("leaving the identity provider", d -> !URI.create(d.getCurrentUrl()).getPath().startsWith("/_oidc/"));
    }

    /** Forgets every cookie of the browser (the console's session, the language), as a new browser would. */
    void signOut() {
        driver().executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    /** The session cookie the browser holds for the console, for a request made outside it (a download's bytes). */
    Optional<Cookie> sessionCookie() {
        return Optional.ofNullable(driver().manage().getCookieNamed("kokin_console"));
    }

    /** Waits for {@code condition}, failing with {@code what} and the page the browser is on. */
    <T> T waitUntil(String what, Function<? super WebDriver, T> condition) {
        var wait = new WebDriverWait(driver(), WAIT, POLL);
        wait.withMessage(() -> "waiting for " + what + " on " + driver().getCurrentUrl() + " (title: " + driver().getTitle() + ")");
        return wait.until(condition);
    }

    /** Waits for the current document to be complete. */
    void loaded() {
        waitUntil("the page to load", d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /** Waits for the page whose {@code <h1>} contains {@code heading}; gives the {@code <h1>}. */
    WebElement heading(String heading) {
        loaded();
        return waitUntil("a page headed '" + heading + "'",
                ExpectedConditions.visibilityOfElementLocated(By.xpath("//h1[contains(normalize-space(.), " + xpathLiteral(heading) + ")]")));
    }

    /** The path (and query) the browser is on. */
    String currentPath() {
        URI uri = URI.create(driver().getCurrentUrl());
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** The path the browser is on, without the query (a notice such as {@code ?done=paid} left aside). */
    String currentPathOnly() {
        return URI.create(driver().getCurrentUrl()).getRawPath();
    }

    /** Follows the link to {@code path} in the element {@code containerId} (a list's table) and waits for that page. */
    void follow(String containerId, String path, String what) {
        driver().findElement(By.cssSelector("#" + containerId + " a[href='" + path + "']")).click();
        waitUntil(what, d -> currentPathOnly().equals(path));
    }

    /** The URL a GET form would ask for if submitted now (its action and its fields as they are filled in). */
    String formUrl(String formId) {
        return (String) ((JavascriptExecutor) driver()).executeScript(
                "const f = document.getElementById(arguments[0]); const u = new URL(f.action, location.href);"
                        + " u.search = new URLSearchParams(new FormData(f)).toString(); return u.toString();", formId);
    }

    WebElement byId(String id) {
        return waitUntil("an element with id '" + id + "'", ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    boolean present(By by) {
        return !driver().findElements(by).isEmpty();
    }

    /** The main content's text (what a person reads, without the banner and navigation). */
    String mainText() {
        return driver().findElement(By.tagName("main")).getText();
    }

    /** The HTTP status of the page the browser is on (from the Navigation Timing API). */
    int status() {
        Object s = ((JavascriptExecutor) driver()).executeScript(
                "const e = performance.getEntriesByType('navigation'); return e.length ? e[0].responseStatus : 0;");
        return ((Number) s).intValue();
    }

    // --- screenshots ---

    /**
     * A full-page PNG of what the browser shows (beyond the window: the page's whole height) into
     * {@code target/console-screenshots/{name}.png}; {@code name} is {@code NN-what}.
     */
    Path screenshot(String name) {
        loaded();
        Map<String, Object> metrics = driver().executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
        double width = Math.max(WIDTH, ((Number) content.get("width")).doubleValue());
        double height = Math.max(1, ((Number) content.get("height")).doubleValue());
        Map<String, Object> shot = driver().executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "fromSurface", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Path file = Shared.SCREENSHOTS.resolve(name + ".png");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    // --- downloads ---

    /**
     * Does {@code action} (a click on a download link or an export button) and waits for the one
     * file the browser saves because of it; gives the file. Each download goes to a fresh directory.
     */
    Path download(Runnable action) {
        Path dir = Shared.DOWNLOADS.resolve(String.format(Locale.ROOT, "%03d", shared.downloads.incrementAndGet()));
        try {
            Files.createDirectories(dir);
            // emptied: a file an earlier run left under this number would be taken for this download
            try (Stream<Path> left = Files.list(dir)) {
                for (Path p : left.toList()) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver().executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath",
                dir.toAbsolutePath().toString(), "eventsEnabled", false));
        action.run();
        return new FluentWait<>(dir).withTimeout(WAIT).pollingEvery(POLL)
                .withMessage(() -> "waiting for a download into " + dir + " (browser on " + driver().getCurrentUrl() + ")")
                .until(ConsoleBrowser::completeDownload);
    }

    private static Path completeDownload(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            if (all.size() != 1 || all.getFirst().getFileName().toString().endsWith(".crdownload")
                    || all.getFirst().getFileName().toString().startsWith(".")) {
                return null;
            }
            return all.getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A GET of a console link (relative to the page the browser is on) as the signed-in browser would
     * send it, following redirects (the cookies go to the platform only): for a download's bytes,
     * or a link the page does not offer.
     */
    HttpResponse<byte[]> getAsSignedIn(String href) throws Exception {
        URI uri = URI.create(driver().getCurrentUrl()).resolve(href);
        String cookies = driver().manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        for (int hop = 0; hop < 5; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
            if (uri.getPort() == URI.create(base()).getPort() && !cookies.isEmpty()) {
                request.header("cookie", cookies);
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 3) {
                return response;
            }
            uri = uri.resolve(response.headers().firstValue("location").orElseThrow());
        }
        throw new AssertionError("too many redirects from " + href);
    }

    /** The page's CSRF token (every signed-in page's sign-out form carries one). */
    String csrfToken() {
        return driver().findElement(By.cssSelector("input[name='_csrf']")).getDomProperty("value");
    }

    /**
     * A form POST to a console path with the browser's cookies: what a crafted form sent from the
     * signed-in user's browser would do (to check that the server refuses what the page does not offer).
     */
    HttpResponse<String> postAsSignedIn(String path, Map<String, String> form) throws Exception {
        String cookies = driver().manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create(base() + path)).header("cookie", cookies)
                .header("content-type", "application/x-www-form-urlencoded").header("origin", base())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String xpathLiteral(String s) {
        if (!s.contains("'")) {
            return "'" + s + "'";
        }
        return "concat('" + s.replace("'", "', \"'\", '") + "')";
    }

    /** The platform and the browser, shared by the browser test classes of one run; closed at its end. */
    private record Shared(LocalPlatform platform, ChromeDriver driver, AtomicInteger downloads) implements AutoCloseable {
        static final Path TARGET = Path.of(System.getProperty("basedir", ".")).resolve("target");
        static final Path SCREENSHOTS = TARGET.resolve("console-screenshots");
        static final Path DOWNLOADS = TARGET.resolve("console-downloads");

        static Shared start() {
            Browser browser = Browser.find();
            LocalPlatform platform = LocalPlatform.start(LocalOptions.defaults().withPort(0).withoutSchedules());
            try {
                return new Shared(platform, browser.start(), new AtomicInteger());
            } catch (RuntimeException e) {
                platform.close();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                driver.quit();
            } finally {
                platform.close();
            }
        }
    }

    /** Where Chromium and chromedriver are; the tests fail (or, with {@code -Dconsole.browser=skip}, are skipped) without them. */
    record Browser(Path chromium, Path chromedriver) {
        static final String SKIP_PROPERTY = "console.browser";

        /** The reason to skip the browser tests: none unless the browser is missing and {@code -Dconsole.browser=skip}. */
        static Optional<String> skipped() {
            if (!"skip".equals(System.getProperty(SKIP_PROPERTY))) {
                return Optional.empty();
            }
            try {
                find();
                return Optional.empty();
            } catch (IllegalStateException e) {
                return Optional.of(e.getMessage());
            }
        }

        static Browser find() {
            Optional<Path> chromium = executable(System.getProperty("console.chromium"), "chromium", "chromium-browser", "google-chrome");
            Optional<Path> driver = executable(System.getProperty("console.chromedriver"), "chromedriver");
            if (chromium.isPresent() && driver.isPresent()) {
                return new Browser(chromium.get(), driver.get());
            }
            String missing = Stream.of(chromium.isEmpty() ? "chromium" : null, driver.isEmpty() ? "chromedriver" : null)
                    .filter(s -> s != null).collect(Collectors.joining(" and "));
            String message = "The console's browser tests need Chromium and chromedriver; " + missing + " not found"
                    + " (on PATH, or -Dconsole.chromium=… -Dconsole.chromedriver=…). Install them"
                    + " (Debian/Ubuntu: sudo apt-get install chromium chromium-driver), or skip these tests with -D"
                    + SKIP_PROPERTY + "=skip.";
            throw new IllegalStateException(message);
        }

        private static Optional<Path> executable(String configured, String... names) {
            if (configured != null && !configured.isBlank()) {
                Path p = Path.of(configured);
                return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
            }
            String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + File.pathSeparator + "/usr/bin";
            for (String name : names) {
                for (String dir : path.split(File.pathSeparator)) {
                    if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                        return Optional.of(Path.of(dir, name));
                    }
                }
            }
            return Optional.empty();
        }

        ChromeDriver start() {
            var options = new ChromeOptions();
            options.setBinary(chromium.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                    "--window-size=" + WIDTH + "," + HEIGHT, "--lang=ja", "--disable-gpu", "--no-first-run",
                    "--disable-search-engine-choice-screen", "--disable-extensions");
            options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "ja",
                    "download.prompt_for_download", false, "safebrowsing.enabled", false));
            var service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
            var driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(WAIT);
            return driver;
        }
    }
}
