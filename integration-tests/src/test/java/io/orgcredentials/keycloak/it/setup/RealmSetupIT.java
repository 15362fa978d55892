package io.orgcredentials.keycloak.it.setup;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.KeycloakVersion;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealmSetupIT {

    private final KeycloakApi api;
    private TestRealm realm;

    RealmSetupIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void createRealm() {
        realm = TestRealm.create(api, "setup");
        api.createUser(realm.name(), "plain-user", TestRealm.PASSWORD);
        api.createUser(realm.name(), "realm-viewer", TestRealm.PASSWORD, "view-realm");
    }

    @AfterAll
    void deleteRealm() {
        realm.close();
    }

    @Test
    void withoutTokenTheStatusIsRefusedWith401() {
        Http.Result result = Http.get(api.ext(realm.name(), "/setup"), null);
        assertThat(result.status()).isEqualTo(401);
    }

    @Test
    void aUserWhoIsNoRealmAdminGets403WithAnExplanation() {
        String token = api.userToken(realm.name(), "plain-user", TestRealm.PASSWORD);
        Http.Result result = Http.get(api.ext(realm.name(), "/setup"), token);
        assertThat(result.status()).isEqualTo(403);
        assertThat(result.json().get("error").asText()).isEqualTo("forbidden");
        assertThat(result.json().get("error_description").asText()).contains("view-realm");

        Http.Result post = Http.postJson(api.ext(realm.name(), "/setup"), token, "");
        assertThat(post.status()).isEqualTo(403);
    }

    @Test
    void aViewerMayReadTheStatusButNotChangeIt() {
        String token = api.userToken(realm.name(), "realm-viewer", TestRealm.PASSWORD);
        assertThat(Http.get(api.ext(realm.name(), "/setup"), token).status()).isEqualTo(200);
        Http.Result post = Http.postJson(api.ext(realm.name(), "/setup"), token, "");
        assertThat(post.status()).isEqualTo(403);
        assertThat(post.json().get("error_description").asText()).contains("manage-realm");
    }

    @Test
    void setupInstallsEveryPieceOnceAndReportsIt() {
        String token = realm.realmAdminToken();
        JsonNode before = KeycloakApi.expect(200, Http.get(api.ext(realm.name(), "/setup"), token), "status").json();
        assertThat(before.get("realm").asText()).isEqualTo(realm.name());
        assertThat(before.get("ready").asBoolean()).isFalse();
        assertThat(checkStatus(before, "server")).isEqualTo("present");
        assertThat(checkStatus(before, "organizations")).isEqualTo("missing");
        assertThat(checkNames(before)).containsExactly("server", "organizations", "resource-scope:deployments",
                "resource-scope:configs", "resource-scope:certificates", "client-authentication-flow", "client-policy",
                "hash-key", "hash-keys-needed", "unkeyed-hashes", "keycloak-security-fixes", "admin-theme",
                "legacy-manager-role", "self-service-client");
        assertThat(checkStatus(before, "hash-key")).isEqualTo("missing");
        List<String> optional = new ArrayList<>();
        before.get("checks").forEach(check -> {
            if (!check.get("required").asBoolean()) {
                optional.add(check.get("name").asText());
            }
        });
        assertThat(optional).as("checks that new credentials do not need").containsExactly("hash-keys-needed",
                "unkeyed-hashes", "keycloak-security-fixes", "legacy-manager-role", "self-service-client");

        JsonNode applied = KeycloakApi.expect(200, Http.postJson(api.ext(realm.name(), "/setup"), token, ""), "setup").json();
        assertThat(applied.get("ready").asBoolean()).isTrue();
        // Keycloak 26.4.0-26.4.8 and 26.5.0-26.5.2 admit anyone to any organization by a forged invitation.
        boolean forgedInvitations = KeycloakVersion.atMost(26, 4, 8) || KeycloakVersion.atLeast(26, 5)
                && KeycloakVersion.atMost(26, 5, 2);
        assertThat(checkStatus(applied, "keycloak-security-fixes")).isEqualTo(forgedInvitations ? "missing" : "present");
        if (forgedInvitations) {
            assertThat(check(applied, "keycloak-security-fixes").get("detail").asText()).contains("CVE-2026-1529",
                    "fixed in 26.4.9 and 26.5.3");
        }
        assertThat(applied.get("checks")).filteredOn(check -> !check.get("name").asText().equals("keycloak-security-fixes"))
                .allSatisfy(check -> assertThat(check.get("status").asText()).isEqualTo("present"));
        List<String> changes = new ArrayList<>();
        applied.get("changes").forEach(change -> changes.add(change.asText()));
        assertThat(changes).hasSize(9);
        assertThat(changes.subList(0, 4)).containsExactly("enabled Organizations", "created client scope 'deployments'",
                "created client scope 'configs'", "created client scope 'certificates'");
        assertThat(changes.get(4)).contains("client authentication flow");
        assertThat(changes.get(5)).isEqualTo("installed client policy 'org-client-credentials'");
        JsonNode keys = Http.get(api.ext(realm.name(), "/hash-keys"), token).json();
        assertThat(keys).hasSize(1);
        assertThat(changes.get(6)).isEqualTo("created hash key '" + keys.get(0).get("kid").asText() + "'");
        assertThat(changes.subList(7, 9)).containsExactly("selected admin theme 'org-client-credentials'",
                "created client 'org-client-credentials-portal'");

        JsonNode again = KeycloakApi.expect(200, Http.postJson(api.ext(realm.name(), "/setup"), token, ""), "setup").json();
        assertThat(again.get("ready").asBoolean()).isTrue();
        assertThat(again.get("changes")).isEmpty();

        // What the set-up reports is what Keycloak has.
        JsonNode realmRep = api.adminGet(realm.name(), "").json();
        assertThat(realmRep.get("organizationsEnabled").asBoolean()).isTrue();
        assertThat(realmRep.get("clientAuthenticationFlow").asText()).isEqualTo("clients with org client credentials");
        assertThat(realmRep.get("adminTheme").asText()).isEqualTo("org-client-credentials");
        JsonNode executions = api.adminGet(realm.name(),
                "/authentication/flows/" + KeycloakApi.encode("clients with org client credentials").replace("+", "%20")
                        + "/executions").json();
        List<String> providers = new ArrayList<>();
        executions.forEach(e -> providers.add(e.get("providerId").asText()));
        assertThat(providers).contains("client-secret", "client-jwt", "org-client-credential");
        assertThat(providers.get(0)).as("first, so credentials skip the stock authenticators").isEqualTo("org-client-credential");
        JsonNode scopes = api.adminGet(realm.name(), "/client-scopes").json();
        List<String> scopeNames = new ArrayList<>();
        scopes.forEach(s -> scopeNames.add(s.get("name").asText()));
        assertThat(scopeNames).contains("deployments", "configs", "certificates");
        JsonNode policies = api.adminGet(realm.name(), "/client-policies/policies").json().get("policies");
        List<JsonNode> guards = new ArrayList<>();
        policies.forEach(policy -> {
            if (policy.get("name").asText().equals("org-client-credentials")) {
                guards.add(policy);
            }
        });
        assertThat(guards).hasSize(1);
        JsonNode guard = guards.get(0);
        assertThat(guard.get("enabled").asBoolean()).isTrue();
        assertThat(guard.get("conditions")).hasSize(1);
        assertThat(guard.get("conditions").get(0).get("condition").asText()).isEqualTo("org-client-credential");
        assertThat(guard.get("profiles")).hasSize(1);
        assertThat(guard.get("profiles").get(0).asText()).isEqualTo("org-client-credentials");

        // The self-service piece: a public client that can only sign members in to the page. No realm role: managers
        // are named per organization since 0.6.
        KeycloakApi.expect(404, api.adminGet(realm.name(), "/roles/org-client-credentials-manager"), "no manager role");
        JsonNode portal = api.adminGet(realm.name(), "/clients?clientId=org-client-credentials-portal").json().get(0);
        assertThat(portal.get("publicClient").asBoolean()).isTrue();
        assertThat(portal.get("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(portal.get("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(portal.get("implicitFlowEnabled").asBoolean()).isFalse();
        assertThat(portal.get("serviceAccountsEnabled").asBoolean()).isFalse();
        assertThat(portal.get("fullScopeAllowed").asBoolean()).isFalse();
        assertThat(portal.get("attributes").get("pkce.code.challenge.method").asText()).isEqualTo("S256");
        assertThat(portal.get("redirectUris")).hasSize(1);
        assertThat(portal.get("redirectUris").get(0).asText())
                .isEqualTo("/realms/" + realm.name() + "/org-client-credentials/portal/*");
    }

    @Test
    void aMasterRealmAdminMayReadTheStatus() {
        Http.Result result = Http.get(api.ext(realm.name(), "/setup"), api.adminToken());
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().has("checks")).isTrue();
    }

    private static JsonNode check(JsonNode report, String name) {
        for (JsonNode check : report.get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + report);
    }

    private static String checkStatus(JsonNode report, String name) {
        for (JsonNode check : report.get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check.get("status").asText();
            }
        }
        throw new AssertionError("no check " + name + " in " + report);
    }

    private static List<String> checkNames(JsonNode report) {
        List<String> names = new ArrayList<>();
        report.get("checks").forEach(c -> names.add(c.get("name").asText()));
        return names;
    }
}
