package io.orgcredentials.keycloak.it.credentials;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.KeycloakVersion;
import io.orgcredentials.keycloak.it.support.Parallel;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialLifecycleIT {

    private final KeycloakApi api;
    private TestRealm realm;
    private CredentialsApi credentials;

    CredentialLifecycleIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void createRealm() {
        realm = TestRealm.createReady(api, "lifecycle");
        credentials = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
    }

    @AfterAll
    void deleteRealm() {
        realm.close();
    }

    @Test
    void createListGetDelete() {
        String orgId = api.createOrganization(realm.name(), "acme");
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Http.Result created = credentials.create(orgId, "ci-pipeline", null);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Cache-Control")).contains("no-store");
        JsonNode body = created.json();
        String clientId = body.get("clientId").asText();
        assertThat(created.header("Location")).endsWith("/org-client-credentials/organizations/" + orgId + "/clients/" + clientId);
        assertThat(body.get("name").asText()).isEqualTo("ci-pipeline");
        assertThat(body.get("organization").get("id").asText()).isEqualTo(orgId);
        assertThat(body.get("organization").get("alias").asText()).isEqualTo("acme");
        assertThat(body.get("tokenEndpoint").asText()).isEqualTo(api.tokenEndpoint(realm.name()).toString());
        assertThat(body.get("status").asText()).isEqualTo("active");
        assertThat(body.get("scopes")).extracting(JsonNode::asText).containsExactly("certificates", "configs", "deployments");
        String secret = body.get("clientSecret").asText();
        // The documented secret-scanner pattern: prefix, 256 bits and a checksum in base62.
        assertThat(secret).matches("kcocc_[0-9A-Za-z]{49}");
        Instant createdAt = Instant.parse(body.get("createdAt").asText());
        Instant expiresAt = Instant.parse(body.get("expiresAt").asText());
        assertThat(createdAt).isBetween(before.minusSeconds(5), Instant.now().plusSeconds(5));
        assertThat(expiresAt).isCloseTo(createdAt.atZone(java.time.ZoneOffset.UTC).plusMonths(6).toInstant(),
                within(5, ChronoUnit.SECONDS));

        JsonNode list = KeycloakApi.expect(200, credentials.list(orgId, null), "list").json();
        assertThat(list).hasSize(1);
        JsonNode listed = list.get(0);
        assertThat(listed.get("clientId").asText()).isEqualTo(clientId);
        assertThat(listed.get("name").asText()).isEqualTo("ci-pipeline");
        assertThat(listed.get("tokenEndpoint").asText()).isEqualTo(api.tokenEndpoint(realm.name()).toString());
        assertThat(listed.get("createdAt").asText()).isEqualTo(body.get("createdAt").asText());
        assertThat(listed.get("expiresAt").asText()).isEqualTo(body.get("expiresAt").asText());
        assertThat(listed.get("status").asText()).isEqualTo("active");
        assertThat(listed.has("clientSecret")).isFalse();

        JsonNode one = KeycloakApi.expect(200, credentials.get(orgId, clientId), "get").json();
        assertThat(one.get("clientId").asText()).isEqualTo(clientId);
        assertThat(one.has("clientSecret")).isFalse();

        // The credential is a confidential Keycloak client with a service account and only the resource scopes.
        JsonNode client = api.adminGet(realm.name(), "/clients/" + api.clientUuid(realm.name(), clientId)).json();
        assertThat(client.get("publicClient").asBoolean()).isFalse();
        assertThat(client.get("serviceAccountsEnabled").asBoolean()).isTrue();
        assertThat(client.get("clientAuthenticatorType").asText()).isEqualTo("org-client-credential");
        assertThat(client.get("defaultClientScopes")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("basic", "service_account", "deployments", "configs", "certificates");
        assertThat(client.get("optionalClientScopes")).isEmpty();

        assertThat(credentials.delete(orgId, clientId).status()).isEqualTo(204);
        assertThat(credentials.list(orgId, null).json()).isEmpty();
        Http.Result gone = credentials.get(orgId, clientId);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("error").asText()).isEqualTo("not_found");
        assertThat(api.adminGet(realm.name(), "/clients?clientId=" + clientId).json()).isEmpty();
        assertThat(credentials.delete(orgId, clientId).status()).isEqualTo(404);
    }

    @Test
    void listIsNewestFirstAndFiltersByStatusAndPages() {
        String orgId = api.createOrganization(realm.name(), "paging");
        // Creation times are whole seconds: each next credential waits for the next second.
        Instant first = Instant.parse(credentials.createOk(orgId, "first", null).get("createdAt").asText());
        await().until(() -> Instant.now().getEpochSecond() > first.getEpochSecond());
        JsonNode second = credentials.createOk(orgId, "second", Instant.now().plusSeconds(3));
        Instant secondCreated = Instant.parse(second.get("createdAt").asText());
        await().until(() -> Instant.now().getEpochSecond() > secondCreated.getEpochSecond());
        credentials.createOk(orgId, "third", null);

        assertThat(names(credentials.list(orgId, null).json())).containsExactly("third", "second", "first");
        assertThat(names(credentials.list(orgId, "first=1&max=1").json())).containsExactly("second");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                credentials.get(orgId, second.get("clientId").asText()).json().get("status").asText())
                .isEqualTo("expired"));
        JsonNode all = credentials.list(orgId, null).json();
        assertThat(all.get(1).get("name").asText()).isEqualTo("second");
        assertThat(all.get(1).get("status").asText()).isEqualTo("expired");
        assertThat(names(credentials.list(orgId, "status=expired").json())).containsExactly("second");
        assertThat(names(credentials.list(orgId, "status=active").json())).containsExactly("third", "first");
        // Expired credentials stay listed and still count against the limit.
        assertThat(credentials.limit(orgId).json().get("used").asInt()).isEqualTo(3);

        Http.Result badStatus = credentials.list(orgId, "status=deleted");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json().get("error_description").asText()).contains("active or expired");
        assertThat(credentials.list(orgId, "max=0").status()).isEqualTo(400);
        assertThat(credentials.list(orgId, "first=-1").status()).isEqualTo(400);
        assertThat(credentials.list(orgId, "max=abc").status()).isEqualTo(400);
    }

    @Test
    void theLimitHoldsAndARealmAdminCanRaiseIt() {
        String orgId = api.createOrganization(realm.name(), "limited");
        for (int i = 1; i <= 10; i++) {
            credentials.createOk(orgId, "client-" + i, null);
        }
        JsonNode limit = KeycloakApi.expect(200, credentials.limit(orgId), "limit").json();
        assertThat(limit.get("limit").asInt()).isEqualTo(10);
        assertThat(limit.get("used").asInt()).isEqualTo(10);
        assertThat(limit.get("available").asInt()).isEqualTo(0);

        Http.Result eleventh = credentials.create(orgId, "client-11", null);
        assertThat(eleventh.status()).isEqualTo(409);
        assertThat(eleventh.json().get("error").asText()).isEqualTo("limit_reached");
        assertThat(eleventh.json().get("error_description").asText())
                .startsWith("Organization limited already has 10 of 10 client credentials");

        JsonNode raised = KeycloakApi.expect(200, credentials.setLimit(orgId, Http.object().put("limit", 25)), "raise").json();
        assertThat(raised.get("limit").asInt()).isEqualTo(25);
        assertThat(raised.get("available").asInt()).isEqualTo(15);
        assertThat(credentials.create(orgId, "client-11", null).status()).isEqualTo(201);
        assertThat(credentials.limit(orgId).json().get("used").asInt()).isEqualTo(11);

        // Lowering below what is used keeps the existing credentials and stops new ones.
        JsonNode lowered = KeycloakApi.expect(200, credentials.setLimit(orgId, Http.object().put("limit", 5)), "lower").json();
        assertThat(lowered.get("available").asInt()).isEqualTo(0);
        assertThat(credentials.create(orgId, "client-12", null).status()).isEqualTo(409);
        assertThat(credentials.list(orgId, null).json()).hasSize(11);
    }

    @Test
    void changingTheLimitNeedsManageRealm() {
        String orgId = api.createOrganization(realm.name(), "needs-realm");
        if (!KeycloakVersion.hasOrganizationRoles()) {
            // Keycloak 26.4/26.5: organizations are reachable only with manage-realm, so no credential manager lacks
            // it; without it even creating is refused, naming the role.
            api.createUser(realm.name(), "clients-manager", TestRealm.PASSWORD, "manage-clients", "view-clients");
            String token = api.userToken(realm.name(), "clients-manager", TestRealm.PASSWORD);
            Http.Result refused = new CredentialsApi(api, realm.name(), () -> token).create(orgId, "mine", null);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("error_description").asText()).contains("manage-realm");
            assertThat(new CredentialsApi(api, realm.name(), () -> token).setLimit(orgId,
                    Http.object().put("limit", 50)).status()).isEqualTo(403);
            assertThat(credentials.limit(orgId).json().get("limit").asInt()).isEqualTo(10);
            return;
        }
        api.createUser(realm.name(), "org-manager", TestRealm.PASSWORD, "manage-clients", "manage-organizations",
                "view-clients", "view-organizations");
        String token = api.userToken(realm.name(), "org-manager", TestRealm.PASSWORD);
        CredentialsApi asOrgManager = new CredentialsApi(api, realm.name(), () -> token);
        assertThat(asOrgManager.createOk(orgId, "mine", null).get("clientSecret").asText()).isNotEmpty();
        Http.Result refused = asOrgManager.setLimit(orgId, Http.object().put("limit", 50));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error_description").asText()).contains("manage-realm");
        assertThat(credentials.limit(orgId).json().get("limit").asInt()).isEqualTo(10);
    }

    @Test
    void namesAreUniqueWithinAnOrganizationOnly() {
        String acme = api.createOrganization(realm.name(), "unique-a");
        String globex = api.createOrganization(realm.name(), "unique-b");
        credentials.createOk(acme, "deployer", null);
        Http.Result again = credentials.create(acme, "deployer", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asText()).isEqualTo("name_taken");
        assertThat(credentials.create(globex, "deployer", null).status()).isEqualTo(201);
        assertThat(credentials.list(acme, null).json()).hasSize(1);
    }

    @Test
    void aCredentialOfAnotherOrganizationIsNotFound() {
        String acme = api.createOrganization(realm.name(), "owner-a");
        String other = api.createOrganization(realm.name(), "owner-b");
        String clientId = credentials.createOk(acme, "private", null).get("clientId").asText();
        assertThat(credentials.get(other, clientId).status()).isEqualTo(404);
        assertThat(credentials.delete(other, clientId).status()).isEqualTo(404);
        assertThat(credentials.get(acme, clientId).status()).isEqualTo(200);

        Http.Result unknownOrg = credentials.list("no-such-organization", null);
        assertThat(unknownOrg.status()).isEqualTo(404);
        assertThat(unknownOrg.json().get("error").asText()).isEqualTo("not_found");

        // A plain Keycloak client is not a credential, whatever organization is asked.
        String adminCli = "admin-cli";
        assertThat(credentials.get(acme, adminCli).status()).isEqualTo(404);
        assertThat(credentials.delete(acme, adminCli).status()).isEqualTo(404);
    }

    @Test
    void anOrganizationCanBeNamedByAlias() {
        String orgId = api.createOrganization(realm.name(), "by-alias");
        JsonNode created = credentials.createOk("by-alias", "aliased", null);
        assertThat(created.get("organization").get("id").asText()).isEqualTo(orgId);
    }

    @Test
    void twentyParallelCreatesAgainstALimitOfTenMakeExactlyTen() throws Exception {
        String orgId = api.createOrganization(realm.name(), "parallel");
        String token = realm.realmAdminToken();
        CredentialsApi withFixedToken = new CredentialsApi(api, realm.name(), () -> token);
        List<Integer> statuses = Parallel.run(20, i -> withFixedToken.create(orgId, "parallel-" + i, null).status());
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(10);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(10);
        assertThat(credentials.list(orgId, null).json()).hasSize(10);
        assertThat(credentials.limit(orgId).json().get("used").asInt()).isEqualTo(10);
    }

    @Test
    void usersWithoutTheRightRolesAreRefused() {
        String orgId = api.createOrganization(realm.name(), "guarded");
        api.createUser(realm.name(), "clients-viewer", TestRealm.PASSWORD, "view-clients");
        api.createUser(realm.name(), "viewer", TestRealm.PASSWORD, "view-clients", KeycloakVersion.viewOrganizationsRole());
        CredentialsApi clientsOnly = new CredentialsApi(api, realm.name(),
                () -> api.userToken(realm.name(), "clients-viewer", TestRealm.PASSWORD));
        CredentialsApi viewer = new CredentialsApi(api, realm.name(),
                () -> api.userToken(realm.name(), "viewer", TestRealm.PASSWORD));

        Http.Result noOrgRole = clientsOnly.list(orgId, null);
        assertThat(noOrgRole.status()).isEqualTo(403);
        assertThat(noOrgRole.json().get("error").asText()).isEqualTo("forbidden");
        assertThat(viewer.list(orgId, null).status()).isEqualTo(200);
        assertThat(viewer.limit(orgId).status()).isEqualTo(200);
        Http.Result create = viewer.create(orgId, "not-allowed", null);
        assertThat(create.status()).isEqualTo(403);
        // 26.7: the organization permissions decide; 26.4/26.5: the clients role, then manage-realm.
        assertThat(create.json().get("error_description").asText()).contains(KeycloakVersion.hasOrganizationRoles()
                ? "needs the manage-organizations role" : "needs the manage-clients role");
        assertThat(credentials.list(orgId, null).json()).isEmpty();
    }

    @Test
    void anAdminOfAnotherRealmCannotReachTheseCredentials() {
        String orgId = api.createOrganization(realm.name(), "foreign");
        String clientId = credentials.createOk(orgId, "kept", null).get("clientId").asText();
        try (TestRealm other = TestRealm.create(api, "other")) {
            String foreignAdmin = other.realmAdminToken();
            Http.Result list = Http.get(api.ext(realm.name(), "/organizations/" + orgId + "/clients"), foreignAdmin);
            assertThat(list.status()).as(list.toString()).isEqualTo(403);
            Http.Result delete = Http.delete(api.ext(realm.name(), "/organizations/" + orgId + "/clients/" + clientId),
                    foreignAdmin);
            assertThat(delete.status()).as(delete.toString()).isEqualTo(403);
        }
        assertThat(credentials.get(orgId, clientId).status()).isEqualTo(200);
    }

    @Test
    void createAndDeleteAreAdminEventsWithoutTheSecret() {
        KeycloakApi.expect(204, Http.putJson(api.admin(realm.name(), "/events/config"), api.adminToken(),
                Http.object().put("adminEventsEnabled", true).put("adminEventsDetailsEnabled", true)), "events config");
        String orgId = api.createOrganization(realm.name(), "audited");
        JsonNode created = credentials.createOk(orgId, "audited-client", null);
        String clientId = created.get("clientId").asText();
        String secret = created.get("clientSecret").asText();
        KeycloakApi.expect(204, credentials.delete(orgId, clientId), "delete");
        KeycloakApi.expect(200, credentials.setLimit(orgId, Http.object().put("limit", 12)), "limit");

        JsonNode events = api.adminGet(realm.name(), "/admin-events?max=200").json();
        List<String> kinds = new ArrayList<>();
        for (JsonNode event : events) {
            String path = event.path("resourcePath").asText();
            if (path.startsWith("org-client-credentials/") && (path.contains(clientId) || path.contains(orgId))) {
                kinds.add(event.get("operationType").asText() + " " + event.get("resourceType").asText() + " " + path);
            }
        }
        // Every change of one organization's credentials has a resource path below that organization.
        String organizationPath = "org-client-credentials/organizations/" + orgId;
        assertThat(kinds).containsExactlyInAnyOrder(
                "CREATE CLIENT " + organizationPath + "/clients/" + clientId,
                "DELETE CLIENT " + organizationPath + "/clients/" + clientId,
                "UPDATE ORGANIZATION " + organizationPath + "/limit");
        assertThat(events.toString()).doesNotContain(secret);
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(c -> names.add(c.get("name").asText()));
        return names;
    }

}
