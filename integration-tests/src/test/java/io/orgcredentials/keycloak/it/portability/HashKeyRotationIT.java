package io.orgcredentials.keycloak.it.portability;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.orgcredentials.keycloak.it.support.KeycloakApi.clientCredentials;
import static io.orgcredentials.keycloak.it.support.KeycloakApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A realm's hash key can be rotated and cannot be lost silently: a new key hashes what comes after, the old one keeps
 * verifying what it hashed, it can be removed once nothing needs it, and a key removed by another path leaves its
 * credentials unusable and reported, with nothing made up in its place.
 */
@ExtendWith(KeycloakExtension.class)
class HashKeyRotationIT {

    private final KeycloakApi api;
    private TestRealm realm;
    private CredentialsApi credentials;
    private String orgId;

    HashKeyRotationIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeEach
    void createRealm() {
        realm = TestRealm.createReady(api, "hash-keys");
        credentials = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
        orgId = api.createOrganization(realm.name(), "acme");
    }

    @AfterEach
    void deleteRealm() {
        realm.close();
    }

    @Test
    void aNewKeyHashesWhatComesAfterAndTheOldOneGoesOnceNothingNeedsIt() {
        String first = keys().keySet().iterator().next();
        JsonNode before = credentials.createOk(orgId, "before", null);
        JsonNode second = expect(201, Http.postJson(api.ext(realm.name(), "/hash-keys"), realm.realmAdminToken(), ""),
                "new key").json();
        String secondKid = second.get("kid").asText();
        assertThat(second.get("status").asText()).isEqualTo("active");
        JsonNode after = credentials.createOk(orgId, "after", null);
        assertThat(secretHash(after.get("clientId").asText())).startsWith("v3:" + secondKid + ":");
        assertThat(secretHash(before.get("clientId").asText())).startsWith("v3:" + first + ":");
        assertToken(before, before.get("clientSecret").asText(), 200);
        assertToken(after, after.get("clientSecret").asText(), 200);
        assertThat(keys()).containsEntry(first, 1).containsEntry(secondKid, 1);
        assertThat(status(first)).isEqualTo("passive");

        Http.Result refused = Http.delete(api.ext(realm.name(), "/hash-keys/" + first), realm.realmAdminToken());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("error").asText()).isEqualTo("key_in_use");
        assertThat(refused.json().get("error_description").asText()).startsWith("1 client credential of realm");

        // A rotation hashes with the new key; with no grace the old secret, and with it the old key, is done at once.
        JsonNode rotated = expect(201, credentials.rotate(orgId, before.get("clientId").asText(),
                Http.object().put("previousSecretValidFor", "PT0S")), "rotate").json();
        assertThat(keys()).containsEntry(first, 0).containsEntry(secondKid, 2);
        expect(204, Http.delete(api.ext(realm.name(), "/hash-keys/" + first), realm.realmAdminToken()), "remove old key");
        assertThat(keys()).containsOnlyKeys(secondKid);
        assertToken(before, rotated.get("clientSecret").asText(), 200);
        assertToken(after, after.get("clientSecret").asText(), 200);
        assertToken(before, before.get("clientSecret").asText(), 401);
    }

    @Test
    void aKeyRemovedOrDisabledByAnotherPathLeavesItsCredentialsUnusableAndReported() {
        JsonNode created = credentials.createOk(orgId, "orphaned", null);
        String kid = keys().keySet().iterator().next();
        String componentId = component(kid).get("id").asText();

        // Disabled in the Keys tab: no token, and the listing says which key and what to do.
        ObjectNode disabled = (ObjectNode) component(kid);
        ((ObjectNode) disabled.get("config")).putArray("enabled").add("false");
        expect(204, Http.putJson(api.admin(realm.name(), "/components/" + componentId), api.adminToken(), disabled),
                "disable the key");
        assertToken(created, created.get("clientSecret").asText(), 401);
        JsonNode listed = credentials.get(orgId, created.get("clientId").asText()).json();
        assertThat(listed.get("status").asText()).isEqualTo("unusable");
        assertThat(listed.get("problem").asText()).contains("hash key '" + kid + "' is disabled");
        ((ObjectNode) disabled.get("config")).putArray("enabled").add("true");
        expect(204, Http.putJson(api.admin(realm.name(), "/components/" + componentId), api.adminToken(), disabled),
                "enable the key");
        assertToken(created, created.get("clientSecret").asText(), 200);

        // Removed through Keycloak's own components API: reported, and no key is made in its place.
        expect(204, Http.delete(api.admin(realm.name(), "/components/" + componentId), api.adminToken()), "remove");
        assertToken(created, created.get("clientSecret").asText(), 401);
        listed = credentials.get(orgId, created.get("clientId").asText()).json();
        assertThat(listed.get("status").asText()).isEqualTo("unusable");
        assertThat(listed.get("problem").asText()).contains("'" + kid + "'");
        JsonNode report = Http.get(api.ext(realm.name(), "/setup"), realm.realmAdminToken()).json();
        assertThat(check(report, "hash-key").get("status").asText()).isEqualTo("missing");
        assertThat(check(report, "hash-keys-needed").get("status").asText()).isEqualTo("missing");
        assertThat(check(report, "hash-keys-needed").get("detail").asText()).contains("'" + kid + "' (needed by 1 credential)");
        assertThat(keys()).isEmpty();
        Http.Result refused = credentials.create(orgId, "new", null);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("error").asText()).isEqualTo("setup_required");
        assertThat(refused.json().get("error_description").asText()).contains("hash-key");
        // The admin decides: a new key serves new credentials; the orphaned one stays unusable until deleted.
        expect(201, Http.postJson(api.ext(realm.name(), "/hash-keys"), realm.realmAdminToken(), ""), "new key");
        credentials.createOk(orgId, "new", null);
        assertToken(created, created.get("clientSecret").asText(), 401);
        expect(204, credentials.delete(orgId, created.get("clientId").asText()), "delete the orphaned credential");
    }

    @Test
    void readingTheKeysNeedsViewRealmAndChangingThemManageRealm() {
        String viewer = api.createUser(realm.name(), "key-viewer", TestRealm.PASSWORD, "view-realm");
        assertThat(viewer).isNotBlank();
        String token = api.userToken(realm.name(), "key-viewer", TestRealm.PASSWORD);
        assertThat(Http.get(api.ext(realm.name(), "/hash-keys"), token).status()).isEqualTo(200);
        Http.Result create = Http.postJson(api.ext(realm.name(), "/hash-keys"), token, "");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.json().get("error_description").asText()).contains("manage-realm");
        String kid = keys().keySet().iterator().next();
        assertThat(Http.delete(api.ext(realm.name(), "/hash-keys/" + kid), token).status()).isEqualTo(403);
        Http.Result unknown = Http.delete(api.ext(realm.name(), "/hash-keys/no%20such"), realm.realmAdminToken());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("not_found");
        // The listing never carries key material.
        assertThat(Http.get(api.ext(realm.name(), "/hash-keys"), token).body()).doesNotContain("secret");
    }

    private void assertToken(JsonNode credential, String secret, int status) {
        Http.Result token = Http.postForm(api.tokenEndpoint(realm.name()), clientCredentials(null),
                new String[]{credential.get("clientId").asText(), secret});
        assertThat(token.status()).as(token.toString()).isEqualTo(status);
    }

    /** kid → how many credentials need it, the active key first. */
    private Map<String, Integer> keys() {
        Map<String, Integer> keys = new LinkedHashMap<>();
        Http.get(api.ext(realm.name(), "/hash-keys"), realm.realmAdminToken()).json()
                .forEach(key -> keys.put(key.get("kid").asText(), key.get("credentials").asInt()));
        return keys;
    }

    private String status(String kid) {
        for (JsonNode key : Http.get(api.ext(realm.name(), "/hash-keys"), realm.realmAdminToken()).json()) {
            if (kid.equals(key.get("kid").asText())) {
                return key.get("status").asText();
            }
        }
        throw new AssertionError("no key " + kid);
    }

    private JsonNode component(String kid) {
        for (JsonNode key : Http.get(api.ext(realm.name(), "/hash-keys"), realm.realmAdminToken()).json()) {
            if (kid.equals(key.get("kid").asText())) {
                return api.adminGet(realm.name(), "/components/" + key.get("componentId").asText()).json();
            }
        }
        throw new AssertionError("no key " + kid);
    }

    private String secretHash(String clientId) {
        String uuid = api.clientUuid(realm.name(), clientId);
        return api.adminGet(realm.name(), "/clients/" + uuid).json().get("attributes")
                .get("org-client-credentials.secret-hash").asText();
    }

    private static JsonNode check(JsonNode report, String name) {
        for (JsonNode check : report.get("checks")) {
            if (name.equals(check.get("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + report);
    }
}
