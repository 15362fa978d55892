package io.orgcredentials.keycloak.it.cluster;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import io.orgcredentials.keycloak.it.support.ClientKeys;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Database;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakCluster;
import io.orgcredentials.keycloak.it.support.Parallel;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.orgcredentials.keycloak.it.support.KeycloakApi.clientCredentials;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Keycloak nodes (separate processes, Keycloak's own clustering) on one PostgreSQL database: the rules hold
 * across nodes. Skipped when no PostgreSQL server runs here, unless -Dit.require-databases=true (CI).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {

    private KeycloakCluster cluster;
    private KeycloakApi nodeA;
    private KeycloakApi nodeB;
    private TestRealm realm;

    @BeforeAll
    void startCluster() {
        cluster = KeycloakCluster.start(Database.Kind.POSTGRES, 2);
        nodeA = new KeycloakApi(cluster.node(0));
        nodeB = new KeycloakApi(cluster.node(1));
        realm = TestRealm.createReady(nodeA, "cluster");
        // Node B joined A: a cluster view with two members (without it the tests below would prove nothing).
        assertThat(cluster.node(1).logTail(2000)).containsPattern("ISPN000094: Received new cluster view .* \\(2\\)");
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aCredentialCreatedOnOneNodeWorksOnTheOtherAndADeleteReachesBoth() {
        String orgId = nodeA.createOrganization(realm.name(), "acme");
        CredentialsApi onA = new CredentialsApi(nodeA, realm.name(), realm::realmAdminToken);
        CredentialsApi onB = new CredentialsApi(nodeB, realm.name(), () -> nodeB.userToken(realm.name(),
                TestRealm.REALM_ADMIN, TestRealm.PASSWORD));
        JsonNode created = onA.createOk(orgId, "cross-node", null);
        String[] basic = {created.get("clientId").asText(), created.get("clientSecret").asText()};

        Http.Result onNodeB = Http.postForm(nodeB.tokenEndpoint(realm.name()), clientCredentials(null), basic);
        assertThat(onNodeB.status()).as(onNodeB.toString()).isEqualTo(200);
        assertThat(onB.get(orgId, basic[0]).json().get("status").asText()).isEqualTo("active");
        Http.Result onNodeA = Http.postForm(nodeA.tokenEndpoint(realm.name()), clientCredentials(null), basic);
        assertThat(onNodeA.status()).isEqualTo(200);

        KeycloakApi.expect(204, onB.delete(orgId, basic[0]), "delete on B");
        Http.Result afterDelete = Http.postForm(nodeA.tokenEndpoint(realm.name()), clientCredentials(null), basic);
        assertThat(afterDelete.status()).as(afterDelete.toString()).isEqualTo(401);
        assertThat(onA.get(orgId, basic[0]).status()).isEqualTo(404);
    }

    /**
     * The answer "its service account holds nothing" that a node keeps with the user in Keycloak's user cache does not
     * outlive a change made on the other node: a role or a group given on A stops the very next token on B, and
     * taking it back lets B issue again.
     */
    @Test
    void aRoleOrGroupGivenOnOneNodeStopsTheNextTokenOnTheOther() {
        String orgId = nodeA.createOrganization(realm.name(), "grants");
        JsonNode created = new CredentialsApi(nodeA, realm.name(), realm::realmAdminToken).createOk(orgId, "granted",
                null);
        String[] basic = {created.get("clientId").asText(), created.get("clientSecret").asText()};
        String clientUuid = nodeA.clientUuid(realm.name(), basic[0]);
        String serviceAccount = nodeA.adminGet(realm.name(), "/clients/" + clientUuid + "/service-account-user").json()
                .get("id").asText();
        for (int i = 0; i < 3; i++) { // B's answer is kept now
            assertThat(clientToken(nodeB, basic).status()).isEqualTo(200);
        }

        JsonNode offlineAccess = nodeA.adminGet(realm.name(), "/roles/offline_access").json();
        URI realmRoles = nodeA.admin(realm.name(), "/users/" + serviceAccount + "/role-mappings/realm");
        KeycloakApi.expect(204, Http.postJson(realmRoles, nodeA.adminToken(), Http.array().add(offlineAccess)),
                "grant a role on A");
        Http.Result withRole = clientToken(nodeB, basic);
        assertThat(withRole.status()).as("B after a role granted on A: " + withRole).isEqualTo(401);
        assertThat(withRole.json().get("error_description").asText()).contains("offline_access");
        KeycloakApi.expect(204, Http.send(Http.request(realmRoles, nodeA.adminToken())
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(Http.array().add(offlineAccess).toString()))
                .build()), "take the role back on A");
        assertThat(clientToken(nodeB, basic).status()).as("B after the role was taken back").isEqualTo(200);

        Http.Result group = Http.postJson(nodeA.admin(realm.name(), "/groups"), nodeA.adminToken(),
                Http.object().put("name", "operators"));
        KeycloakApi.expect(201, group, "a group");
        String groupId = group.header("Location").replaceAll(".*/", "");
        URI membership = nodeA.admin(realm.name(), "/users/" + serviceAccount + "/groups/" + groupId);
        KeycloakApi.expect(204, Http.putJson(membership, nodeA.adminToken(), Http.object()), "join the group on A");
        Http.Result inGroup = clientToken(nodeB, basic);
        assertThat(inGroup.status()).as("B after the group joined on A: " + inGroup).isEqualTo(401);
        assertThat(inGroup.json().get("error_description").asText()).contains("operators");
        KeycloakApi.expect(204, Http.delete(membership, nodeA.adminToken()), "leave the group on A");
        assertThat(clientToken(nodeB, basic).status()).as("B after the group was left").isEqualTo(200);
    }

    private Http.Result clientToken(KeycloakApi node, String[] basic) {
        return Http.postForm(node.tokenEndpoint(realm.name()), clientCredentials(null), basic);
    }

    /**
     * A client assertion is good once in the whole cluster, and a key change on one node holds on the other at once,
     * also where Keycloak's own key cache still has the removed key.
     */
    @Test
    void anAssertionWorksOnceInTheClusterAndKeyChangesReachBothNodes() {
        String orgId = nodeA.createOrganization(realm.name(), "keyed");
        CredentialsApi onA = new CredentialsApi(nodeA, realm.name(), realm::realmAdminToken);
        ClientKeys first = ClientKeys.rsa(2048);
        ClientKeys second = ClientKeys.ec(Curve.P_256);
        JsonNode created = KeycloakApi.expect(201, onA.createWithKey(orgId, "cross-node-key", first.jwksField()),
                "create with a key on A").json();
        String clientId = created.get("clientId").asText();
        String firstKid = created.get("keys").get(0).get("kid").asText();
        String audience = nodeA.tokenEndpoint(realm.name()).toString();

        String once = first.assertion(clientId, audience);
        assertThat(assertionToken(nodeA, once).status()).isEqualTo(200);
        Http.Result replayOnB = assertionToken(nodeB, once);
        assertThat(replayOnB.status()).as("the same jti on the other node: " + replayOnB).isEqualTo(401);

        assertThat(assertionToken(nodeB, first.assertion(clientId, audience)).status()).isEqualTo(200);
        KeycloakApi.expect(201, onA.addKey(orgId, clientId, second.jwksField()), "add a key on A");
        assertThat(assertionToken(nodeB, second.assertion(clientId, audience)).status()).as("the new key on B")
                .isEqualTo(200);
        KeycloakApi.expect(204, onA.removeKey(orgId, clientId, firstKid), "remove the first key on A");
        assertThat(assertionToken(nodeB, first.assertion(clientId, audience)).status())
                .as("the removed key on B, which had it in Keycloak's key cache").isEqualTo(401);
        assertThat(assertionToken(nodeA, first.assertion(clientId, audience)).status()).as("the removed key on A")
                .isEqualTo(401);
        assertThat(assertionToken(nodeA, second.assertion(clientId, audience)).status()).isEqualTo(200);
        assertThat(assertionToken(nodeB, second.assertion(clientId, audience)).status()).isEqualTo(200);
    }

    private Http.Result assertionToken(KeycloakApi node, String assertion) {
        return Http.postForm(node.tokenEndpoint(realm.name()), ClientKeys.assertionForm(assertion, null), null);
    }

    @Test
    void aLimitChangeOnOneNodeCountsOnTheOther() {
        String orgId = nodeA.createOrganization(realm.name(), "limits");
        CredentialsApi onA = new CredentialsApi(nodeA, realm.name(), realm::realmAdminToken);
        CredentialsApi onB = new CredentialsApi(nodeB, realm.name(), () -> nodeB.userToken(realm.name(),
                TestRealm.REALM_ADMIN, TestRealm.PASSWORD));
        KeycloakApi.expect(200, onA.setLimit(orgId, Http.object().put("limit", 1)), "limit on A");
        onA.createOk(orgId, "only", null);
        Http.Result second = onB.create(orgId, "second", null);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("error").asText()).isEqualTo("limit_reached");
    }

    @Test
    void fortyParallelCreatesSplitOverBothNodesMakeExactlyTen() throws Exception {
        String orgId = nodeA.createOrganization(realm.name(), "parallel");
        String tokenA = realm.realmAdminToken();
        String tokenB = nodeB.userToken(realm.name(), TestRealm.REALM_ADMIN, TestRealm.PASSWORD);
        CredentialsApi onA = new CredentialsApi(nodeA, realm.name(), () -> tokenA);
        CredentialsApi onB = new CredentialsApi(nodeB, realm.name(), () -> tokenB);

        List<Integer> statuses = Parallel.run(40, i -> (i % 2 == 0 ? onA : onB).create(orgId, "p-" + i, null).status());

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(10);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(30);
        assertThat(onA.list(orgId, null).json()).hasSize(10);
        assertThat(onB.limit(orgId).json().get("used").asInt()).isEqualTo(10);
    }

    /**
     * The hash keys live in the realm, so both nodes see the same keys at once: a key made on one node hashes the
     * next credential made on the other, and a key removed on one node stops its credentials on the other at once.
     */
    @Test
    void bothNodesSeeTheSameHashKeysAtOnce() {
        String orgId = nodeA.createOrganization(realm.name(), "keys");
        String tokenB = nodeB.userToken(realm.name(), TestRealm.REALM_ADMIN, TestRealm.PASSWORD);
        CredentialsApi onA = new CredentialsApi(nodeA, realm.name(), realm::realmAdminToken);
        CredentialsApi onB = new CredentialsApi(nodeB, realm.name(), () -> tokenB);
        JsonNode older = onA.createOk(orgId, "older", null);
        String[] olderBasic = {older.get("clientId").asText(), older.get("clientSecret").asText()};
        assertThat(Http.postForm(nodeB.tokenEndpoint(realm.name()), clientCredentials(null), olderBasic).status())
                .isEqualTo(200);

        JsonNode key = KeycloakApi.expect(201, Http.postJson(nodeA.ext(realm.name(), "/hash-keys"),
                realm.realmAdminToken(), ""), "new key on A").json();
        JsonNode newer = onB.createOk(orgId, "newer", null);
        String uuid = nodeB.clientUuid(realm.name(), newer.get("clientId").asText());
        assertThat(nodeB.adminGet(realm.name(), "/clients/" + uuid).json().get("attributes")
                .get("org-client-credentials.secret-hash").asText()).startsWith("v3:" + key.get("kid").asText() + ":");
        String[] newerBasic = {newer.get("clientId").asText(), newer.get("clientSecret").asText()};
        assertThat(Http.postForm(nodeA.tokenEndpoint(realm.name()), clientCredentials(null), newerBasic).status())
                .isEqualTo(200);

        // The older key, removed through Keycloak's components API on B: the older credential stops on A at once.
        String olderKid = null;
        String olderComponent = null;
        for (JsonNode each : Http.get(nodeB.ext(realm.name(), "/hash-keys"), tokenB).json()) {
            if (!each.get("kid").asText().equals(key.get("kid").asText()) && each.get("credentials").asInt() > 0) {
                olderKid = each.get("kid").asText();
                olderComponent = each.get("componentId").asText();
            }
        }
        assertThat(olderKid).isNotNull();
        KeycloakApi.expect(204, Http.delete(nodeB.admin(realm.name(), "/components/" + olderComponent),
                nodeB.adminToken()), "remove the older key on B");
        assertThat(Http.postForm(nodeA.tokenEndpoint(realm.name()), clientCredentials(null), olderBasic).status())
                .isEqualTo(401);
        assertThat(onA.get(orgId, olderBasic[0]).json().get("status").asText()).isEqualTo("unusable");
        assertThat(Http.postForm(nodeA.tokenEndpoint(realm.name()), clientCredentials(null), newerBasic).status())
                .isEqualTo(200);
    }
}
