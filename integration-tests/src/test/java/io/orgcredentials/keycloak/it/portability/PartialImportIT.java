package io.orgcredentials.keycloak.it.portability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

import static io.orgcredentials.keycloak.it.support.KeycloakApi.clientCredentials;
import static io.orgcredentials.keycloak.it.support.KeycloakApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak's partial export masks secrets, so it never carries a realm's hash key, and a partial import re-creates a
 * client without its service account: a credential that comes in that way gets no token with any secret, and is
 * never invisible either: it is listed in its organization as unusable with what to do, counts against the limit
 * and can be deleted through the extension.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartialImportIT {

    private final KeycloakApi api;
    private TestRealm source;
    private TestRealm target;

    PartialImportIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void createRealms() {
        source = TestRealm.createReady(api, "partial-source");
        target = TestRealm.createReady(api, "partial-target");
    }

    @AfterAll
    void deleteRealms() {
        source.close();
        target.close();
    }

    /** A deleted credential brought back from an older partial export does not come back to life. */
    @Test
    void aDeletedCredentialImportedBackGetsNoTokenAndIsListedUnusable() {
        String orgId = api.createOrganization(source.name(), "acme");
        CredentialsApi credentials = new CredentialsApi(api, source.name(), api::adminToken);
        JsonNode created = credentials.createOk(orgId, "leaked", null);
        String clientId = created.get("clientId").asText();
        String secret = created.get("clientSecret").asText();
        ObjectNode exported = exportedClient(source.name(), clientId);
        expect(204, credentials.delete(orgId, clientId), "delete");

        partialImport(source.name(), exported, "SKIP");
        assertNoToken(source.name(), clientId, secret);
        JsonNode listed = onlyCredential(credentials.list(orgId, null).json(), clientId);
        assertThat(listed.get("status").asText()).isEqualTo("unusable");
        // Its key is in this realm, but the partial import did not bring back its service account.
        assertThat(listed.get("problem").asText()).as(listed.toString()).isEqualTo("its service-account user is missing");
        assertThat(credentials.limit(orgId).json().get("used").asInt()).isEqualTo(1);
        expect(204, credentials.delete(orgId, clientId), "delete the imported one");
        assertThat(credentials.list(orgId, null).json()).isEmpty();
        assertThat(credentials.limit(orgId).json().get("used").asInt()).isZero();
    }

    /**
     * Into another realm that has the organization, a partially exported credential arrives without the hash key its
     * hash and seal name: it says so, and what to do.
     */
    @Test
    void aCredentialImportedIntoAnotherRealmIsListedAsImportedWithoutItsKey() {
        String sourceOrg = api.createOrganization(source.name(), "globex");
        String targetOrg = api.createOrganization(target.name(), "globex");
        JsonNode created = new CredentialsApi(api, source.name(), api::adminToken).createOk(sourceOrg, "moved", null);
        String clientId = created.get("clientId").asText();
        ObjectNode exported = exportedClient(source.name(), clientId);
        exported.remove("id"); // the other realm's clients have ids of their own
        ((ObjectNode) exported.get("attributes")).put("org-client-credentials.organization-id", targetOrg);

        partialImport(target.name(), exported, "FAIL");
        assertNoToken(target.name(), clientId, created.get("clientSecret").asText());
        CredentialsApi credentials = new CredentialsApi(api, target.name(), api::adminToken);
        JsonNode listed = onlyCredential(credentials.list(targetOrg, null).json(), clientId);
        assertThat(listed.get("status").asText()).isEqualTo("unusable");
        assertThat(listed.get("problem").asText()).as(listed.toString())
                .startsWith("imported without its hash key: create a new credential");
        assertThat(credentials.limit(targetOrg).json().get("used").asInt()).isEqualTo(1);
        assertThat(expect(200, credentials.get(targetOrg, clientId), "get").json().get("status").asText())
                .isEqualTo("unusable");
        expect(204, credentials.delete(targetOrg, clientId), "delete");
        assertThat(credentials.list(targetOrg, null).json()).isEmpty();
        // The original is untouched.
        assertThat(Http.postForm(api.tokenEndpoint(source.name()), clientCredentials(null),
                new String[]{clientId, created.get("clientSecret").asText()}).status()).isEqualTo(200);
    }

    /** The client as the admin console's Realm settings → Partial export writes it. */
    private ObjectNode exportedClient(String realm, String clientId) {
        JsonNode export = expect(200, Http.postJson(api.admin(realm, "/partial-export?exportClients=true"),
                api.adminToken(), ""), "partial export").json();
        for (JsonNode client : export.get("clients")) {
            if (clientId.equals(client.get("clientId").asText())) {
                return (ObjectNode) client;
            }
        }
        throw new AssertionError("credential " + clientId + " is not in the partial export");
    }

    private void partialImport(String realm, ObjectNode client, String ifResourceExists) {
        ObjectNode body = Http.object().put("ifResourceExists", ifResourceExists);
        body.putArray("clients").add(client);
        expect(200, Http.postJson(api.admin(realm, "/partialImport"), api.adminToken(), body), "partial import");
    }

    private void assertNoToken(String realm, String clientId, String secret) {
        Http.Result token = Http.postForm(api.tokenEndpoint(realm), clientCredentials(null),
                new String[]{clientId, secret});
        assertThat(token.status()).as(token.toString()).isEqualTo(401);
        assertThat(token.json().has("access_token")).isFalse();
    }

    private static JsonNode onlyCredential(JsonNode list, String clientId) {
        assertThat(list).as(list.toString()).hasSize(1);
        assertThat(list.get(0).get("clientId").asText()).isEqualTo(clientId);
        return list.get(0);
    }
}
