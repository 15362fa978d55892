package io.orgcredentials.keycloak.it.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.TestClock;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The extension's meters on Keycloak's own metrics endpoint (management port, --metrics-enabled=true). */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT {

    private final KeycloakApi api;
    private TestRealm realm;
    private CredentialsApi credentials;

    MetricsIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void createRealm() {
        realm = TestRealm.createReady(api, "metrics");
        credentials = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
    }

    @AfterAll
    void deleteRealm() {
        realm.close();
    }

    @Test
    void tokensIssuedAndRefusedAndCredentialsByStatus() throws Exception {
        String orgId = api.createOrganization(realm.name(), "acme");
        JsonNode created = credentials.createOk(orgId, "metered", null);
        String clientId = created.get("clientId").asText();
        String secret = created.get("clientSecret").asText();
        Instant expiresAt = Instant.now().plusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JsonNode expiring = credentials.createOk(orgId, "expiring", expiresAt);

        String issued = "org_client_credentials_tokens_issued_total";
        String refused = "org_client_credentials_tokens_refused_total";
        double issuedBefore = value(scrape(), issued, "realm", realm.name());
        token(clientId, secret, 200);
        token(clientId, secret, 200);
        assertThat(value(scrape(), issued, "realm", realm.name())).isEqualTo(issuedBefore + 2);

        double wrongBefore = value(scrape(), refused, "realm", realm.name(), "reason", "invalid_client_credentials");
        token(clientId, secret + "x", 401);
        assertThat(value(scrape(), refused, "realm", realm.name(), "reason", "invalid_client_credentials"))
                .isEqualTo(wrongBefore + 1);

        TestClock.awaitPast(expiresAt);
        token(expiring.get("clientId").asText(), expiring.get("clientSecret").asText(), 401);
        assertThat(value(scrape(), refused, "realm", realm.name(), "reason", "credential_expired")).isEqualTo(1);
        assertThat(value(scrape(), issued, "realm", realm.name())).isEqualTo(issuedBefore + 2);

        // Credentials per status: refreshed in the background every few seconds.
        String metrics = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(this::scrape, scraped -> value(scraped, "org_client_credentials_credentials", "realm",
                        realm.name(), "status", "expired") == 1);
        assertThat(value(metrics, "org_client_credentials_credentials", "realm", realm.name(), "status", "active"))
                .isEqualTo(1);
        assertThat(value(metrics, "org_client_credentials_credentials", "realm", realm.name(), "status", "expired"))
                .isEqualTo(1);
        // No label names a credential or an organization.
        assertThat(metrics).doesNotContain(clientId).doesNotContain(orgId);
    }

    private String scrape() {
        Http.Result result = Http.get(api.server().managementUri("/metrics"), null);
        assertThat(result.status()).as("metrics endpoint").isEqualTo(200);
        return result.body();
    }

    /** The sample of {@code metric} with these label values (0 when there is none yet). */
    static double value(String metrics, String metric, String... labels) {
        double found = 0;
        Pattern sample = Pattern.compile("^" + Pattern.quote(metric) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = sample.matcher(metrics);
        while (matcher.find()) {
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= matcher.group(1).contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                found += Double.parseDouble(matcher.group(2));
            }
        }
        return found;
    }

    private void token(String clientId, String secret, int status) {
        KeycloakApi.expect(status, Http.postForm(api.tokenEndpoint(realm.name()), KeycloakApi.clientCredentials(null),
                new String[]{clientId, secret}), "token");
    }
}
