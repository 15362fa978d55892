package io.orgcredentials.keycloak.it.console;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.OrgCredentialsApi;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin console with the extension's theme, in headless Chromium (themes/e2e/client-credentials-tab.mjs):
 * the organization tab, adding a credential and using the secret from the modal, the active and expired dots,
 * delete through the row menu, the limit message, and stock pages still working. Skipped when Chromium is not
 * installed, unless -Dit.require-browser=true (CI), where that fails instead.
 */
@ExtendWith(KeycloakExtension.class)
class ClientCredentialsTabIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("it.chromium", "/usr/bin/chromium"));

    private final KeycloakApi api;

    ClientCredentialsTabIT(KeycloakApi api) {
        this.api = api;
    }

    @Test
    void realmAdminsManageCredentialsInTheConsole() throws Exception {
        Path themes = Path.of(System.getProperty("themes.dir", "../themes")).toAbsolutePath().normalize();
        Path script = themes.resolve("e2e/client-credentials-tab.mjs");
        boolean browser = Files.isExecutable(CHROMIUM) && Files.isDirectory(themes.resolve("node_modules/playwright-core"));
        if (!browser) {
            String message = "no Chromium at " + CHROMIUM + " or no playwright-core in " + themes + "/node_modules";
            if (Boolean.getBoolean("it.require-browser")) {
                Assertions.fail(message);
            }
            Assumptions.abort(message + ": console test skipped (apt-get install chromium)");
        }
        try (TestRealm realm = TestRealm.createReady(api, "console")) {
            String orgId = api.createOrganization(realm.name(), "acme");
            String shortLived = "short-lived";
            new OrgCredentialsApi(api, realm.name(), realm::realmAdminToken)
                    .createOk(orgId, shortLived, Instant.now().plusSeconds(20));
            Path screenshots = Path.of(System.getProperty("it.work", "target/it")).toAbsolutePath().getParent()
                    .resolve("screenshots");

            ProcessBuilder node = new ProcessBuilder("node", script.toString())
                    .directory(themes.toFile())
                    .redirectErrorStream(true);
            node.environment().putAll(Map.of(
                    "KC_BASE_URL", api.server().baseUri().toString(),
                    "KC_REALM", realm.name(),
                    "ORG_ID", orgId,
                    "KC_USER", TestRealm.REALM_ADMIN,
                    "KC_PASSWORD", TestRealm.PASSWORD,
                    "SHORT_LIVED_NAME", shortLived,
                    "SCREENSHOTS", screenshots.toString(),
                    "CHROMIUM", CHROMIUM.toString()));
            Process process = node.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                Assertions.fail("the console test did not finish in 5 minutes:\n" + output);
            }
            assertThat(process.exitValue()).as("console test output (screenshots in " + screenshots + "):\n" + output).isZero();
            assertThat(output).contains("all checks passed");

            // What the browser did is what the API holds: the deleted row is gone, the organization is full.
            OrgCredentialsApi credentials = new OrgCredentialsApi(api, realm.name(), realm::realmAdminToken);
            assertThat(credentials.list(orgId, null).body()).doesNotContain("\"console-made\"").contains(shortLived);
            assertThat(credentials.limit(orgId).json().get("available").asInt()).isZero();
        }
    }
}
