package io.orgcredentials.keycloak.it.members;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/**
 * Organization members manage their own organization's credentials through the realm's public path, with their
 * own token from the self-service client: the same rules as the admin API, their own organization only, the
 * realm's maximum expiry, and every change an admin event naming them.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MembersApiIT {

    private final KeycloakApi api;
    private TestRealm realm;
    private String acme;
    private String globex;
    private String managerId;
    private CredentialsApi manager;

    MembersApiIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void createRealm() {
        realm = TestRealm.createReady(api, "members");
        acme = api.createOrganization(realm.name(), "acme");
        globex = api.createOrganization(realm.name(), "globex");
        managerId = api.createUser(realm.name(), "acme-manager", TestRealm.PASSWORD);
        api.addMember(realm.name(), acme, managerId);
        api.nameManager(realm.name(), acme, managerId);
        manager = CredentialsApi.members(api, realm.name(),
                () -> api.portalToken(realm.name(), "acme-manager", TestRealm.PASSWORD));
    }

    @AfterAll
    void deleteRealm() {
        realm.close();
    }

    @Test
    void aMemberSeesTheirOwnOrganizationsOnly() {
        JsonNode organizations = manager.organizations().json();
        assertThat(organizations).hasSize(1);
        assertThat(organizations.get(0).get("id").asText()).isEqualTo(acme);
        assertThat(organizations.get(0).get("alias").asText()).isEqualTo("acme");
        assertThat(organizations.get(0).get("manage").asBoolean()).isTrue();
        Http.Result other = manager.list(globex, null);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().get("error_description").asText())
                .isEqualTo("Only members of an organization can see its client credentials");
    }

    @Test
    void aManagerCreatesAndDeletesAndEveryChangeIsAnAdminEventNamingThem() {
        KeycloakApi.expect(204, Http.putJson(api.admin(realm.name(), "/events/config"), api.adminToken(),
                Http.object().put("adminEventsEnabled", true).put("adminEventsDetailsEnabled", true)), "events");
        JsonNode created = KeycloakApi.expect(201, manager.create(acme, "member-made", null), "create").json();
        String clientId = created.get("clientId").asText();
        String secret = created.get("clientSecret").asText();
        Http.Result token = Http.postForm(api.tokenEndpoint(realm.name()), KeycloakApi.clientCredentials(null),
                new String[]{clientId, secret});
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        KeycloakApi.expect(204, manager.delete(acme, clientId), "delete");

        JsonNode events = api.adminGet(realm.name(), "/admin-events?max=200").json();
        List<String> mine = new ArrayList<>();
        for (JsonNode event : events) {
            if (event.path("resourcePath").asText().contains(clientId)) {
                mine.add(event.get("operationType").asText() + " " + event.get("resourcePath").asText() + " by "
                        + event.path("authDetails").path("userId").asText());
            }
        }
        String path = "org-client-credentials/organizations/" + acme + "/clients/" + clientId;
        assertThat(mine).containsExactlyInAnyOrder("CREATE " + path + " by " + managerId,
                "DELETE " + path + " by " + managerId);
        assertThat(events.toString()).doesNotContain(secret);
    }

    /**
     * The managers of one organization, as admins name them: only members, each change an admin event, visible to
     * the organization's members; leaving the managers or the organization ends the right at the next request,
     * and coming back as a member does not bring it back.
     */
    @Test
    void managersAreNamedPerOrganizationAndLosingTheRightTakesEffectAtTheNextRequest() {
        KeycloakApi.expect(204, Http.putJson(api.admin(realm.name(), "/events/config"), api.adminToken(),
                Http.object().put("adminEventsEnabled", true).put("adminEventsDetailsEnabled", true)), "events");
        CredentialsApi asAdmin = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
        String consultant = api.createUser(realm.name(), "consultant", TestRealm.PASSWORD);
        api.addMember(realm.name(), acme, consultant);
        api.addMember(realm.name(), globex, consultant);
        CredentialsApi asConsultant = CredentialsApi.members(api, realm.name(),
                () -> api.portalToken(realm.name(), "consultant", TestRealm.PASSWORD));
        assertThat(asConsultant.create(globex, "not-yet", null).status()).isEqualTo(403);

        Http.Result outsider = asAdmin.addManager(acme, api.createUser(realm.name(), "not-in-acme", TestRealm.PASSWORD));
        assertThat(outsider.status()).isEqualTo(400);
        assertThat(outsider.json().get("error").asText()).isEqualTo("not_a_member");
        assertThat(outsider.json().get("error_description").asText())
                .isEqualTo("User not-in-acme is not a member of organization acme; only its members can manage its "
                        + "credentials");
        assertThat(asAdmin.addManager(acme, "no-such-user").status()).isEqualTo(404);

        KeycloakApi.expect(204, asAdmin.addManager(globex, consultant), "name the consultant in globex");
        KeycloakApi.expect(204, asAdmin.addManager(globex, consultant), "again: nothing changes");
        JsonNode managers = KeycloakApi.expect(200, asAdmin.managers(globex), "globex's managers").json();
        assertThat(managers).hasSize(1);
        assertThat(managers.get(0).get("id").asText()).isEqualTo(consultant);
        assertThat(managers.get(0).get("username").asText()).isEqualTo("consultant");
        assertThat(managers.get(0).get("email").asText()).isEqualTo("consultant@example.com");
        assertThat(asConsultant.managers(globex).json().findValuesAsText("username")).containsExactly("consultant");
        assertThat(asAdmin.managers(acme).json().findValuesAsText("username")).containsExactly("acme-manager");
        JsonNode organizations = asConsultant.organizations().json();
        assertThat(organizations.findValuesAsText("alias")).containsExactly("acme", "globex");
        assertThat(organizations.get(0).get("manage").asBoolean()).as("acme").isFalse();
        assertThat(organizations.get(1).get("manage").asBoolean()).as("globex").isTrue();

        String clientId = KeycloakApi.expect(201, asConsultant.create(globex, "by-consultant", null), "create")
                .json().get("clientId").asText();
        assertThat(asConsultant.create(acme, "in-acme", null).status()).as("a plain member of acme").isEqualTo(403);
        assertThat(asConsultant.addManager(globex, managerId).status()).as("managers do not name managers")
                .isEqualTo(403);

        KeycloakApi.expect(204, asAdmin.removeManager(globex, consultant), "remove from the managers");
        assertThat(asAdmin.removeManager(globex, consultant).status()).isEqualTo(404);
        assertThat(asConsultant.rotate(globex, clientId, null).status()).isEqualTo(403);
        assertThat(asConsultant.list(globex, null).status()).as("still a member: still reads").isEqualTo(200);

        KeycloakApi.expect(204, asAdmin.addManager(globex, consultant), "named again");
        assertThat(asConsultant.rotate(globex, clientId, null).status()).isEqualTo(201);
        KeycloakApi.expect(204, Http.delete(api.admin(realm.name(), "/organizations/" + globex + "/members/"
                + consultant), api.adminToken()), "leaves globex");
        assertThat(asConsultant.delete(globex, clientId).status()).isEqualTo(403);
        assertThat(asAdmin.managers(globex).json()).isEmpty();
        api.addMember(realm.name(), globex, consultant);
        assertThat(asConsultant.delete(globex, clientId).status()).as("rejoining grants nothing").isEqualTo(403);
        assertThat(asAdmin.managers(globex).json()).isEmpty();

        JsonNode events = api.adminGet(realm.name(), "/admin-events?max=500").json();
        List<String> managerEvents = new ArrayList<>();
        for (JsonNode event : events) {
            if (event.path("resourcePath").asText().endsWith("/managers/" + consultant)) {
                managerEvents.add(event.get("operationType").asText() + " " + event.get("resourceType").asText());
            }
        }
        assertThat(managerEvents).containsExactlyInAnyOrder("CREATE ORGANIZATION_MEMBERSHIP",
                "DELETE ORGANIZATION_MEMBERSHIP", "CREATE ORGANIZATION_MEMBERSHIP");
    }

    /**
     * Security review 3, row g: a token is the members' API's only by the client it was issued to (azp). Keycloak
     * puts the self-service client into the audience of any full-scope client's token once the user holds one of
     * its roles; such a token is refused.
     */
    @Test
    void aTokenOfAnotherClientIsRefusedEvenWithTheSelfServiceClientInItsAudience() throws Exception {
        String portal = api.clientUuid(realm.name(), "org-client-credentials-portal");
        KeycloakApi.expect(201, Http.postJson(api.admin(realm.name(), "/clients/" + portal + "/roles"),
                api.adminToken(), Http.object().put("name", "page-user")), "a role of the self-service client");
        JsonNode role = api.adminGet(realm.name(), "/clients/" + portal + "/roles/page-user").json();
        KeycloakApi.expect(204, Http.postJson(api.admin(realm.name(), "/users/" + managerId
                + "/role-mappings/clients/" + portal), api.adminToken(), Http.array().add(role)), "grant it");
        KeycloakApi.expect(201, Http.postJson(api.admin(realm.name(), "/clients"), api.adminToken(), Http.object()
                .put("clientId", "other-app").put("publicClient", true).put("directAccessGrantsEnabled", true)
                .put("fullScopeAllowed", true)), "another client");
        Http.Result issued = Http.postForm(api.tokenEndpoint(realm.name()), Http.form("grant_type", "password",
                "client_id", "other-app", "username", "acme-manager", "password", TestRealm.PASSWORD), null);
        String token = KeycloakApi.expect(200, issued, "token of other-app").json().get("access_token").asText();
        com.nimbusds.jwt.JWTClaimsSet claims = com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(claims.getAudience()).as("Keycloak's audience").contains("org-client-credentials-portal");
        assertThat(claims.getStringClaim("azp")).isEqualTo("other-app");

        CredentialsApi asOtherApp = CredentialsApi.members(api, realm.name(), () -> token);
        for (Http.Result refused : List.of(asOtherApp.organizations(), asOtherApp.list(acme, null),
                asOtherApp.create(acme, "by-other-app", null))) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
            assertThat(refused.json().get("error").asText()).isEqualTo("invalid_token");
            assertThat(refused.json().get("error_description").asText())
                    .startsWith("The access token was not issued to the self-service client");
        }
        assertThat(manager.organizations().status()).as("the self-service client's own token").isEqualTo(200);
    }

    @Test
    void noMemberChoosesAnExpiryBeyondTheRealmsMaximumOrChangesTheLimit() {
        Http.Result tooLate = manager.create(acme, "too-late", Instant.now().plus(400, ChronoUnit.DAYS));
        assertThat(tooLate.status()).isEqualTo(400);
        assertThat(tooLate.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(tooLate.json().get("error_description").asText()).startsWith("'expiresAt' must be at most P1Y ahead");
        Http.Result limit = manager.setLimit(acme, Http.object().put("limit", 1000));
        assertThat(limit.status()).isEqualTo(403);
        assertThat(limit.json().get("error_description").asText())
                .isEqualTo("Members cannot change an organization's client credential limit; a realm admin can");
        assertThat(new CredentialsApi(api, realm.name(), realm::realmAdminToken).limit(acme).json().get("limit")
                .asInt()).isEqualTo(10);
    }

    @Test
    void aDisabledOrganizationsMembersReachNothing() {
        String initech = api.createOrganization(realm.name(), "initech");
        String userId = api.createUser(realm.name(), "initech-manager", TestRealm.PASSWORD);
        api.addMember(realm.name(), initech, userId);
        api.nameManager(realm.name(), initech, userId);
        CredentialsApi initechManager = CredentialsApi.members(api, realm.name(),
                () -> api.portalToken(realm.name(), "initech-manager", TestRealm.PASSWORD));
        assertThat(initechManager.list(initech, null).status()).isEqualTo(200);
        api.setOrganizationEnabled(realm.name(), initech, false);
        assertThat(initechManager.list(initech, null).status()).isEqualTo(403);
        assertThat(initechManager.create(initech, "while-disabled", null).status()).isEqualTo(403);
        assertThat(initechManager.organizations().json()).isEmpty();
    }

    @Test
    void aTokenOfAnotherClientIsRefused() {
        String adminCliToken = api.userToken(realm.name(), "acme-manager", TestRealm.PASSWORD);
        Http.Result refused = CredentialsApi.members(api, realm.name(), () -> adminCliToken).list(acme, null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_token");
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer realm=\"" + realm.name() + "\"");
    }
}
