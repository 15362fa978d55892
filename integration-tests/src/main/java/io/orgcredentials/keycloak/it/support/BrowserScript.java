package io.orgcredentials.keycloak.it.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser test script of the themes module (themes/e2e/*.mjs), run with node and headless Debian Chromium
 * through playwright-core. Skips the test when Chromium is not installed, unless -Dit.require-browser=true (CI),
 * where that fails it instead. Screenshots go to the module's target/screenshots.
 */
public final class BrowserScript {

    private static final Path CHROMIUM = Path.of(System.getProperty("it.chromium", "/usr/bin/chromium"));

    private BrowserScript() {
    }

    /** Skips or fails the test now if there is no browser to run a script with. */
    public static void requireBrowser() {
        Path themes = themes();
        boolean browser = Files.isExecutable(CHROMIUM)
                && Files.isDirectory(themes.resolve("node_modules/playwright-core"));
        if (!browser) {
            String message = "no Chromium at " + CHROMIUM + " or no playwright-core in " + themes + "/node_modules";
            if (Boolean.getBoolean("it.require-browser")) {
                Assertions.fail(message);
            }
            Assumptions.abort(message + ": browser test skipped (apt-get install chromium)");
        }
    }

    /** Runs the script with these variables (plus CHROMIUM and SCREENSHOTS); asserts it passed and returns its output. */
    public static String run(String script, Map<String, String> environment) throws Exception {
        requireBrowser();
        Path themes = themes();
        Path screenshots = screenshots();
        ProcessBuilder node = new ProcessBuilder("node", themes.resolve("e2e").resolve(script).toString())
                .directory(themes.toFile())
                .redirectErrorStream(true);
        Map<String, String> variables = new HashMap<>(environment);
        variables.put("SCREENSHOTS", screenshots.toString());
        variables.put("CHROMIUM", CHROMIUM.toString());
        node.environment().putAll(variables);
        Process process = node.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            Assertions.fail(script + " did not finish in 5 minutes:\n" + output);
        }
        assertThat(process.exitValue()).as(script + " output (screenshots in " + screenshots + "):\n" + output)
                .isZero();
        assertThat(output).contains("all checks passed");
        return output;
    }

    public static Path screenshots() {
        return Path.of(System.getProperty("it.work", "target/it")).toAbsolutePath().getParent().resolve("screenshots");
    }

    private static Path themes() {
        return Path.of(System.getProperty("themes.dir", "../themes")).toAbsolutePath().normalize();
    }
}
