package io.orgcredentials.keycloak.it.credentials;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The secret is in the create response and nowhere else Keycloak can show: APIs, exports, events, logs. */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretExposureIT {

    private final KeycloakApi api;
    private TestRealm realm;
    private CredentialsApi credentials;

    SecretExposureIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void createRealm() {
        realm = TestRealm.createReady(api, "secrets");
        credentials = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
        KeycloakApi.expect(204, Http.putJson(api.admin(realm.name(), "/events/config"), api.adminToken(),
                Http.object().put("adminEventsEnabled", true).put("adminEventsDetailsEnabled", true)
                        .put("eventsEnabled", true)), "events config");
    }

    @AfterAll
    void deleteRealm() {
        realm.close();
    }

    @Test
    void theSecretAppearsInExactlyOneResponse() throws Exception {
        String orgId = api.createOrganization(realm.name(), "acme");
        Http.Result created = credentials.create(orgId, "exposure", null);
        KeycloakApi.expect(201, created, "create");
        String clientId = created.json().get("clientId").asText();
        String secret = created.json().get("clientSecret").asText();
        assertThat(created.body()).contains(secret);

        // It works: the one response gave a usable secret.
        Http.Result token = Http.postForm(api.tokenEndpoint(realm.name()), KeycloakApi.clientCredentials(null),
                new String[]{clientId, secret});
        assertThat(token.status()).as(token.toString()).isEqualTo(200);

        String uuid = api.clientUuid(realm.name(), clientId);
        List<Http.Result> everywhere = new ArrayList<>();
        everywhere.add(credentials.list(orgId, null));
        everywhere.add(credentials.get(orgId, clientId));
        everywhere.add(api.adminGet(realm.name(), "/clients"));
        everywhere.add(api.adminGet(realm.name(), "/clients?clientId=" + clientId));
        everywhere.add(api.adminGet(realm.name(), "/clients/" + uuid));
        everywhere.add(api.adminGet(realm.name(), "/clients/" + uuid + "/client-secret"));
        everywhere.add(api.adminGet(realm.name(), "/clients/" + uuid + "/service-account-user"));
        everywhere.add(api.adminGet(realm.name(), "/clients/" + uuid + "/installation/providers/keycloak-oidc-keycloak-json"));
        everywhere.add(api.adminGet(realm.name(), "/organizations/" + orgId + "/members"));
        everywhere.add(api.adminGet(realm.name(), "/admin-events?max=500"));
        everywhere.add(api.adminGet(realm.name(), "/events?max=500"));
        everywhere.add(Http.postJson(api.admin(realm.name(), "/partial-export?exportClients=true&exportGroupsAndRoles=true"),
                api.adminToken(), ""));
        for (Http.Result result : everywhere) {
            assertThat(result.status()).as(result.toString()).isLessThan(400);
            assertThat(result.body()).as("a Keycloak response").doesNotContain(secret);
        }

        // Keycloak's own secret slot holds nothing usable.
        JsonNode clientSecret = api.adminGet(realm.name(), "/clients/" + uuid + "/client-secret").json();
        assertThat(clientSecret.path("value").isMissingNode() || clientSecret.path("value").isNull())
                .as(clientSecret.toString()).isTrue();

        // What is kept is a one-way hash, bound to the credential.
        JsonNode client = api.adminGet(realm.name(), "/clients/" + uuid).json();
        String hash = client.get("attributes").get("org-client-credentials.secret-hash").asText();
        String kid = Http.get(api.ext(realm.name(), "/hash-keys"), api.adminToken()).json().get(0).get("kid").asText();
        assertThat(hash).startsWith("v3:" + kid + ":").doesNotContain(secret);

        // The key the hash is made with is in no admin view and no partial export: only its id and its state.
        Http.Result partialExport = Http.postJson(api.admin(realm.name(), "/partial-export?exportClients=true"),
                api.adminToken(), "");
        JsonNode hashKeyComponents = Http.get(api.admin(realm.name(), "/components?type=org.keycloak.keys.KeyProvider"),
                api.adminToken()).json();
        for (JsonNode component : List.of(hashKeyComponents, partialExport.json().path("components")
                .path("org.keycloak.keys.KeyProvider"))) {
            List<JsonNode> ours = new ArrayList<>();
            component.forEach(c -> {
                if ("org-client-credentials-hash-key".equals(c.path("providerId").asText())) {
                    ours.add(c);
                }
            });
            assertThat(ours).as(component.toString()).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.path("config").has("secret")).as(c.toString()).isFalse());
        }

        // And the server log has never seen it.
        assertThat(Files.readString(api.server().log())).doesNotContain(secret);
    }
}
