package io.orgcredentials.keycloak.it.permissions;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.KeycloakVersion;
import io.orgcredentials.keycloak.it.support.OrgCredentialsApi;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admins delegated one organization through Keycloak's fine-grained admin permissions (v2, organizations since
 * 26.7): with only query-organizations realm-wide and a 'manage' (or 'view') permission on organization X, they
 * reach X's credentials, and nothing of any other organization.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DelegatedOrganizationAdminIT {

    private final KeycloakApi api;
    private TestRealm realm;
    private OrgCredentialsApi asRealmAdmin;
    private String orgX;
    private String orgY;
    private String credentialOfY;
    private OrgCredentialsApi xManager;
    private OrgCredentialsApi xViewer;
    private OrgCredentialsApi yManager;

    DelegatedOrganizationAdminIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void delegate() {
        Assumptions.assumeTrue(KeycloakVersion.hasOrganizationRoles(),
                "Keycloak " + KeycloakVersion.current() + " has no per-organization admin permissions");
        realm = TestRealm.createReady(api, "delegated");
        asRealmAdmin = new OrgCredentialsApi(api, realm.name(), realm::realmAdminToken);
        orgX = api.createOrganization(realm.name(), "x-corp");
        orgY = api.createOrganization(realm.name(), "y-corp");
        asRealmAdmin.createOk(orgX, "x-existing", null);
        credentialOfY = asRealmAdmin.createOk(orgY, "y-existing", null).get("clientId").asText();

        xManager = delegated("x-manager", orgX, "view", "manage");
        xViewer = delegated("x-viewer", orgX, "view");
        yManager = delegated("y-manager", orgY, "view", "manage");
    }

    private OrgCredentialsApi delegated(String username, String orgId, String... scopes) {
        api.createDelegatedAdmin(realm.name(), username, TestRealm.PASSWORD, orgId, scopes);
        return new OrgCredentialsApi(api, realm.name(), () -> api.userToken(realm.name(), username,
                TestRealm.PASSWORD));
    }

    @AfterAll
    void deleteRealm() {
        if (realm != null) {
            realm.close();
        }
    }

    @Test
    void aManagerOfOneOrganizationManagesItsCredentialsOnly() {
        assertThat(names(expect(200, xManager.list(orgX, null)))).containsExactly("x-existing");
        JsonNode created = expect(201, xManager.create(orgX, "made-by-delegate", null)).json();
        String clientId = created.get("clientId").asText();
        assertThat(created.get("clientSecret").asText()).isNotEmpty();
        expect(200, xManager.get(orgX, clientId));
        expect(200, xManager.limit(orgX));
        expect(204, xManager.delete(orgX, clientId));

        Http.Result otherList = expect(403, xManager.list(orgY, null));
        assertThat(otherList.json().get("error").asText()).isEqualTo("forbidden");
        assertThat(otherList.json().get("error_description").asText())
                .isEqualTo("Reading client credentials needs the view-organizations role or a 'view' permission on "
                        + "the organization");
        expect(403, xManager.create(orgY, "sneaky", null));
        expect(403, xManager.get(orgY, credentialOfY));
        expect(403, xManager.delete(orgY, credentialOfY));
        expect(404, xManager.get(orgX, credentialOfY));
        expect(404, xManager.delete(orgX, credentialOfY));
        expect(403, xManager.setLimit(orgX, Http.object().put("limit", 50)));
        // Unknown organizations answer as forbidden ones do: the answer does not tell which exist.
        expect(403, xManager.list("no-such-organization", null));

        assertThat(names(expect(200, asRealmAdmin.list(orgY, null)))).containsExactly("y-existing");
        assertThat(expect(200, asRealmAdmin.limit(orgX)).json().get("limit").asInt()).isEqualTo(10);
    }

    /**
     * A 'view' permission reads what Keycloak's own organization endpoint lets it read, and changes nothing. (On
     * 26.7.3 Keycloak refuses such an admin its own GET of the organization, and so does the extension.)
     */
    @Test
    void aViewerOfOneOrganizationReadsWhatKeycloakLetsItReadAndChangesNothing() {
        int keycloakAnswer = Http.get(api.admin(realm.name(), "/organizations/" + orgX),
                api.userToken(realm.name(), "x-viewer", TestRealm.PASSWORD)).status();
        assertThat(keycloakAnswer).as("Keycloak's own answer to a view-only admin").isIn(200, 403);
        Http.Result list = expect(keycloakAnswer, xViewer.list(orgX, null));
        if (keycloakAnswer == 200) {
            assertThat(names(list)).containsExactly("x-existing");
        }
        Http.Result create = expect(403, xViewer.create(orgX, "not-allowed", null));
        assertThat(create.json().get("error_description").asText())
                .isEqualTo("Managing client credentials needs the manage-organizations role or a 'manage' permission "
                        + "on the organization");
        String clientId = asRealmAdmin.list(orgX, null).json().get(0).get("clientId").asText();
        expect(keycloakAnswer, xViewer.get(orgX, clientId));
        expect(403, xViewer.delete(orgX, clientId));
        expect(403, xViewer.list(orgY, null));
        assertThat(names(asRealmAdmin.list(orgX, null))).containsExactly("x-existing");
    }

    @Test
    void accessTellsTheConsoleWhatEachMayDo() {
        JsonNode manager = expect(200, Http.get(api.ext(realm.name(), "/organizations/" + orgX + "/access"),
                api.userToken(realm.name(), "x-manager", TestRealm.PASSWORD))).json();
        assertThat(manager.get("view").asBoolean()).isTrue();
        assertThat(manager.get("manage").asBoolean()).isTrue();
        assertThat(manager.get("manageLimit").asBoolean()).isFalse();
        // The view-only admin gets what Keycloak's own organization endpoint gives it (26.7.3: 403), never manage.
        String viewerToken = api.userToken(realm.name(), "x-viewer", TestRealm.PASSWORD);
        int keycloakAnswer = Http.get(api.admin(realm.name(), "/organizations/" + orgX), viewerToken).status();
        Http.Result viewer = expect(keycloakAnswer, Http.get(api.ext(realm.name(), "/organizations/" + orgX
                + "/access"), viewerToken));
        if (keycloakAnswer == 200) {
            assertThat(viewer.json().get("manage").asBoolean()).isFalse();
        }
        expect(403, Http.get(api.ext(realm.name(), "/organizations/" + orgX + "/access"),
                api.userToken(realm.name(), "y-manager", TestRealm.PASSWORD)));
    }

    @Test
    void anotherOrganizationsManagerSeesNothingHere() {
        expect(403, yManager.list(orgX, null));
        expect(403, yManager.create(orgX, "not-mine", null));
        assertThat(names(expect(200, yManager.list(orgY, null)))).containsExactly("y-existing");
    }

    private static Http.Result expect(int status, Http.Result result) {
        assertThat(result.status()).as(result.toString()).isEqualTo(status);
        return result;
    }

    private static List<String> names(Http.Result list) {
        return list.json().findValuesAsText("name").stream().filter(name -> !name.isEmpty()).toList();
    }
}
