package io.orgcredentials.keycloak.it.guard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.orgcredentials.keycloak.it.support.KeycloakApi.clientCredentials;
import static org.assertj.core.api.Assertions.assertThat;

/** What Keycloak deletes by its own APIs takes the extension's state with it. */
@ExtendWith(KeycloakExtension.class)
class CleanupIT {

    private final KeycloakApi api;

    CleanupIT(KeycloakApi api) {
        this.api = api;
    }

    @Test
    void deletingACredentialsClientThroughTheGenericApiFreesItsPlace() {
        try (TestRealm realm = TestRealm.createReady(api, "cleanup-client")) {
            CredentialsApi credentials = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
            String orgId = api.createOrganization(realm.name(), "acme");
            KeycloakApi.expect(200, credentials.setLimit(orgId, Http.object().put("limit", 2)), "limit");
            String first = credentials.createOk(orgId, "one", null).get("clientId").asText();
            credentials.createOk(orgId, "two", null);
            assertThat(credentials.create(orgId, "three", null).status()).isEqualTo(409);

            String uuid = api.clientUuid(realm.name(), first);
            KeycloakApi.expect(204, Http.delete(api.admin(realm.name(), "/clients/" + uuid), api.adminToken()), "generic delete");

            assertThat(credentials.limit(orgId).json().get("used").asInt()).isEqualTo(1);
            assertThat(credentials.get(orgId, first).status()).isEqualTo(404);
            assertThat(credentials.create(orgId, "three", null).status()).isEqualTo(201);
            assertThat(credentials.list(orgId, null).json()).hasSize(2);
            // The name of a deleted credential is free again.
            KeycloakApi.expect(200, credentials.setLimit(orgId, Http.object().put("limit", 3)), "limit");
            assertThat(credentials.create(orgId, "one", null).status()).isEqualTo(201);
        }
    }

    @Test
    void deletingAnOrganizationDeletesItsCredentials() throws Exception {
        try (TestRealm realm = TestRealm.createReady(api, "cleanup-org")) {
            CredentialsApi credentials = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
            String orgId = api.createOrganization(realm.name(), "doomed");
            JsonNode a = credentials.createOk(orgId, "a", null);
            JsonNode b = credentials.createOk(orgId, "b", null);
            String otherOrg = api.createOrganization(realm.name(), "survivor");
            JsonNode c = credentials.createOk(otherOrg, "c", null);

            KeycloakApi.expect(204, Http.delete(api.admin(realm.name(), "/organizations/" + orgId), api.adminToken()), "delete org");

            for (JsonNode gone : new JsonNode[]{a, b}) {
                String clientId = gone.get("clientId").asText();
                assertThat(api.adminGet(realm.name(), "/clients?clientId=" + clientId).json()).isEmpty();
                Http.Result token = Http.postForm(api.tokenEndpoint(realm.name()), clientCredentials(null),
                        new String[]{clientId, gone.get("clientSecret").asText()});
                assertThat(token.status()).isEqualTo(401);
            }
            Http.Result survivor = Http.postForm(api.tokenEndpoint(realm.name()), clientCredentials(null),
                    new String[]{c.get("clientId").asText(), c.get("clientSecret").asText()});
            assertThat(survivor.status()).isEqualTo(200);
            if (hasDatabaseAccess()) {
                assertThat(rows("select count(*) from OCC_CREDENTIAL where ORGANIZATION_ID = ?", orgId)).isZero();
                assertThat(rows("select count(*) from OCC_ORGANIZATION_QUOTA where ORGANIZATION_ID = ?", orgId)).isZero();
                assertThat(rows("select count(*) from OCC_CREDENTIAL where ORGANIZATION_ID = ?", otherOrg)).isEqualTo(1);
            }
        }
    }

    @Test
    void removingARealmLeavesNothingBehind() throws Exception {
        TestRealm realm = TestRealm.createReady(api, "cleanup-realm");
        String realmId = api.adminGet(realm.name(), "").json().get("id").asText();
        CredentialsApi credentials = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
        String orgId = api.createOrganization(realm.name(), "acme");
        credentials.createOk(orgId, "a", null);
        credentials.createOk(orgId, "b", null);
        KeycloakApi.expect(200, credentials.setLimit(orgId, Http.object().put("limit", 20)), "limit");
        if (hasDatabaseAccess()) {
            assertThat(rows("select count(*) from OCC_CREDENTIAL where REALM_ID = ?", realmId)).isEqualTo(2);
            assertThat(rows("select count(*) from OCC_ORGANIZATION_QUOTA where REALM_ID = ?", realmId)).isEqualTo(1);
        }

        realm.close();

        assertThat(Http.get(api.ext(realm.name(), "/setup"), api.adminToken()).status()).isEqualTo(404);
        if (hasDatabaseAccess()) {
            assertThat(rows("select count(*) from OCC_CREDENTIAL where REALM_ID = ?", realmId)).isZero();
            assertThat(rows("select count(*) from OCC_ORGANIZATION_QUOTA where REALM_ID = ?", realmId)).isZero();
        }
    }

    /** H2 runs inside Keycloak; on PostgreSQL and MariaDB (CI) the tests also look at the tables. */
    private boolean hasDatabaseAccess() {
        return api.server().database().isReachableFromTests();
    }

    private long rows(String sql, String parameter) throws Exception {
        try (Connection connection = api.server().database().connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
