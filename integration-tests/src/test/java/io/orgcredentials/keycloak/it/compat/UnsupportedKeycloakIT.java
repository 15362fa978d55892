package io.orgcredentials.keycloak.it.compat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Database;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drop-in jar on a Keycloak older than the extension supports (26.3): Keycloak starts as usual, the log says
 * once, as an error, that the extension is disabled and why, the set-up status reports it, and nothing can be
 * created (so nothing can get a token).
 */
class UnsupportedKeycloakIT {

    @Test
    void anOlderKeycloakStartsWithTheExtensionDisabled() throws Exception {
        Path home = Path.of(System.getProperty("keycloak.unsupported.home"));
        String version = home.getFileName().toString().replace("keycloak-", "");
        try (KeycloakServer server = KeycloakServer.start(home, Database.create(Database.Kind.H2), List.of(), null)) {
            KeycloakApi api = new KeycloakApi(server);

            List<String> errors = Files.readAllLines(server.log()).stream()
                    .filter(line -> line.contains("ERROR") && line.contains("org-client-credentials")).toList();
            assertThat(errors).as(server.logTail(40)).hasSize(1);
            assertThat(errors.get(0)).contains("disabled on Keycloak " + version)
                    .contains("older than Keycloak 26.4").contains("Credentials get no tokens");

            api.createRealm("old");
            Http.Result status = Http.get(api.ext("old", "/setup"), api.adminToken());
            assertThat(status.status()).as(status.toString()).isEqualTo(200);
            JsonNode report = status.json();
            assertThat(report.get("ready").asBoolean()).isFalse();
            JsonNode serverCheck = report.get("checks").get(0);
            assertThat(serverCheck.get("name").asText()).isEqualTo("server");
            assertThat(serverCheck.get("status").asText()).isEqualTo("missing");
            assertThat(serverCheck.get("detail").asText()).contains("disabled on Keycloak " + version);

            // The set-up changes nothing on a server the extension does not run on, and says why.
            Http.Result applied = Http.postJson(api.ext("old", "/setup"), api.adminToken(), "");
            assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
            assertThat(applied.json().get("ready").asBoolean()).isFalse();
            assertThat(applied.json().get("changes")).isEmpty();
            KeycloakApi.expect(204, Http.putJson(api.admin("old", ""), api.adminToken(),
                    Http.object().put("organizationsEnabled", true)), "enable organizations");
            String orgId = api.createOrganization("old", "acme");
            Http.Result created = new CredentialsApi(api, "old", api::adminToken).create(orgId, "ci", null);
            assertThat(created.status()).as(created.toString()).isEqualTo(409);
            assertThat(created.json().get("error").asText()).isEqualTo("setup_required");
            assertThat(created.json().get("error_description").asText()).contains("server");
        }
    }
}
