package io.orgcredentials.keycloak.it.console;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.it.support.BrowserScript;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Database;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakServer;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.orgcredentials.keycloak.it.support.KeycloakApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server whose operator changed the credential options (default lifetime 30 days, maximum 90 days, rotation grace 2
 * hours): the organization's rules endpoint says so, the server refuses a day past the maximum, and the console tab
 * offers exactly those dates and that grace (themes/e2e/tab-rules-and-language.mjs), in the language the admin's
 * console speaks (German, from the admin's locale).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleRulesAndLanguageIT {

    static final int DEFAULT_DAYS = 30;
    static final int MAXIMUM_DAYS = 90;
    static final String OPTION = "--spi-org-client-credentials--default--";

    private KeycloakServer server;
    private KeycloakApi api;

    @BeforeAll
    void start() {
        server = KeycloakServer.start(Database.create(Database.Kind.H2), List.of(
                OPTION + "default-lifetime=P" + DEFAULT_DAYS + "D", OPTION + "maximum-lifetime=P" + MAXIMUM_DAYS + "D",
                OPTION + "rotation-grace=PT2H"), null);
        api = new KeycloakApi(server);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theRulesEndpointAndTheServerAgree() {
        try (TestRealm realm = TestRealm.createReady(api, "rules")) {
            String orgId = api.createOrganization(realm.name(), "acme");
            Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            JsonNode rules = expect(200, Http.get(api.ext(realm.name(), "/organizations/" + orgId + "/rules"),
                    realm.realmAdminToken()), "rules").json();
            Instant after = Instant.now().plusSeconds(1);
            assertThat(rules.get("limit").asInt()).isEqualTo(10);
            assertThat(rules.get("defaultLifetime").asText()).isEqualTo("P30D");
            assertThat(rules.get("maximumLifetime").asText()).isEqualTo("P90D");
            assertThat(rules.get("minimumLifetime").asText()).isEqualTo("PT0S");
            assertThat(rules.get("rotationGrace").asText()).isEqualTo("PT2H");
            assertThat(Instant.parse(rules.get("defaultExpiresAt").asText()))
                    .isBetween(before.plus(DEFAULT_DAYS, ChronoUnit.DAYS), after.plus(DEFAULT_DAYS, ChronoUnit.DAYS));
            Instant latest = Instant.parse(rules.get("latestExpiresAt").asText());
            assertThat(latest).isBetween(before.plus(MAXIMUM_DAYS, ChronoUnit.DAYS),
                    after.plus(MAXIMUM_DAYS, ChronoUnit.DAYS));
            assertThat(rules.get("scopes")).extracting(JsonNode::asText)
                    .containsExactly("certificates", "configs", "deployments");

            // The latest expiry the rules name is accepted; a day later is not.
            CredentialsApi credentials = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
            assertThat(credentials.create(orgId, "at-latest", latest.minusSeconds(5)).status()).isEqualTo(201);
            Http.Result tooLate = credentials.create(orgId, "too-late", latest.plus(1, ChronoUnit.DAYS));
            assertThat(tooLate.status()).isEqualTo(400);
            assertThat(tooLate.json().get("error_description").asText()).contains("P90D");
        }
    }

    @Test
    void theTabOffersTheServersRulesInTheConsolesLanguage() throws Exception {
        BrowserScript.requireBrowser();
        try (TestRealm realm = TestRealm.createReady(api, "deutsch")) {
            // The whole realm back with German on (a partial PUT would leave out what the set-up wrote).
            ObjectNode settings = (ObjectNode) api.adminGet(realm.name(), "").json();
            settings.put("internationalizationEnabled", true).put("defaultLocale", "en")
                    .set("supportedLocales", Http.array().add("en").add("de"));
            expect(204, Http.putJson(api.admin(realm.name(), ""), api.adminToken(), settings), "enable German");
            JsonNode admin = api.adminGet(realm.name(), "/users?exact=true&username=" + TestRealm.REALM_ADMIN)
                    .json().get(0);
            ((ObjectNode) admin).putObject("attributes").putArray("locale").add("de");
            expect(204, Http.putJson(api.admin(realm.name(), "/users/" + admin.get("id").asText()), api.adminToken(),
                    admin), "the admin's locale");
            String orgId = api.createOrganization(realm.name(), "acme");
            BrowserScript.run("tab-rules-and-language.mjs", Map.of(
                    "KC_BASE_URL", api.server().baseUri().toString(),
                    "KC_REALM", realm.name(),
                    "ORG_ID", orgId,
                    "KC_USER", TestRealm.REALM_ADMIN,
                    "KC_PASSWORD", TestRealm.PASSWORD,
                    "DEFAULT_DAYS", String.valueOf(DEFAULT_DAYS),
                    "MAXIMUM_DAYS", String.valueOf(MAXIMUM_DAYS),
                    "GRACE_TEXT", "2 Stunden"));
        }
    }
}
