package io.orgcredentials.keycloak.it.permissions;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.KeycloakVersion;
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
    private CredentialsApi asRealmAdmin;
    private String orgX;
    private String orgY;
    private String credentialOfY;
    private CredentialsApi xManager;
    private CredentialsApi xViewer;
    private CredentialsApi yManager;

    DelegatedOrganizationAdminIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void delegate() {
        Assumptions.assumeTrue(KeycloakVersion.hasOrganizationRoles(),
                "Keycloak " + KeycloakVersion.current() + " has no per-organization admin permissions");
        realm = TestRealm.createReady(api, "delegated");
        asRealmAdmin = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
        orgX = api.createOrganization(realm.name(), "x-corp");
        orgY = api.createOrganization(realm.name(), "y-corp");
        asRealmAdmin.createOk(orgX, "x-existing", null);
        credentialOfY = asRealmAdmin.createOk(orgY, "y-existing", null).get("clientId").asText();

        xManager = delegated("x-manager", orgX, "view", "manage");
        xViewer = delegated("x-viewer", orgX, "view");
        yManager = delegated("y-manager", orgY, "view", "manage");
    }

    private CredentialsApi delegated(String username, String orgId, String... scopes) {
        api.createDelegatedAdmin(realm.name(), username, TestRealm.PASSWORD, orgId, scopes);
        return new CredentialsApi(api, realm.name(), () -> api.userToken(realm.name(), username,
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
                .isEqualTo(refusal("Reading", "view"));
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

    /** A 'view' permission on X reads X's credentials, its limit and access, as Keycloak's own endpoint reads X. */
    @Test
    void aViewerOfOneOrganizationReadsItsCredentialsAndChangesNothing() {
        String viewerToken = api.userToken(realm.name(), "x-viewer", TestRealm.PASSWORD);
        expect(200, Http.get(api.admin(realm.name(), "/organizations/" + orgX), viewerToken));
        assertThat(names(expect(200, xViewer.list(orgX, null)))).containsExactly("x-existing");
        String clientId = asRealmAdmin.list(orgX, null).json().get(0).get("clientId").asText();
        expect(200, xViewer.get(orgX, clientId));
        expect(200, xViewer.limit(orgX));
        expect(200, xViewer.managers(orgX));
        Http.Result create = expect(403, xViewer.create(orgX, "not-allowed", null));
        assertThat(create.json().get("error_description").asText()).isEqualTo(refusal("Managing", "manage"));
        expect(403, xViewer.delete(orgX, clientId));
        expect(403, xViewer.rotate(orgX, clientId, null));
        expect(403, xViewer.addManager(orgX, "anyone"));
        expect(403, xViewer.list(orgY, null));
        assertThat(names(asRealmAdmin.list(orgX, null))).containsExactly("x-existing");
    }

    /**
     * Where two permissions cover one organization and scope, Keycloak grants the scope only to whom both grant it,
     * and refuses everyone else its own organization endpoint: the extension answers as Keycloak does, and its
     * refusal does not tell the admin that they lack a permission they hold.
     */
    @Test
    void aPermissionThatKeycloakDoesNotHonourReadsNothingAndTheRefusalSaysWhy() {
        String orgZ = api.createOrganization(realm.name(), "z-org");
        api.createDelegatedAdmin(realm.name(), "z-viewer", TestRealm.PASSWORD, orgZ, "view");
        String second = api.createUser(realm.name(), "z-other-viewer", TestRealm.PASSWORD, "query-organizations");
        api.addSeparatePermission(realm.name(), second, orgZ, "view");
        for (String username : List.of("z-viewer", "z-other-viewer")) {
            String token = api.userToken(realm.name(), username, TestRealm.PASSWORD);
            expect(403, Http.get(api.admin(realm.name(), "/organizations/" + orgZ), token));
            Http.Result list = expect(403, new CredentialsApi(api, realm.name(), () -> token).list(orgZ, null));
            assertThat(list.json().get("error_description").asText()).as(username)
                    .isEqualTo(refusal("Reading", "view"))
                    .doesNotContain("needs the view-organizations role or a 'view' permission");
        }
    }

    private static String refusal(String doing, String what) {
        return doing + " client credentials needs the " + what + "-organizations role, or '" + what + "' on the "
                + "organization granted by Keycloak's admin permissions, which do not grant it to you (where several "
                + "permissions cover the organization, every one of them must)";
    }

    @Test
    void accessTellsTheConsoleWhatEachMayDo() {
        JsonNode manager = expect(200, Http.get(api.ext(realm.name(), "/organizations/" + orgX + "/access"),
                api.userToken(realm.name(), "x-manager", TestRealm.PASSWORD))).json();
        assertThat(manager.get("view").asBoolean()).isTrue();
        assertThat(manager.get("manage").asBoolean()).isTrue();
        assertThat(manager.get("manageLimit").asBoolean()).isFalse();
        // The view-only admin reads, and may change nothing.
        JsonNode viewer = expect(200, Http.get(api.ext(realm.name(), "/organizations/" + orgX + "/access"),
                api.userToken(realm.name(), "x-viewer", TestRealm.PASSWORD))).json();
        assertThat(viewer.get("view").asBoolean()).isTrue();
        assertThat(viewer.get("manage").asBoolean()).isFalse();
        assertThat(viewer.get("manageLimit").asBoolean()).isFalse();
        assertThat(viewer.get("manageManagers").asBoolean()).isFalse();
        assertThat(manager.get("manageManagers").asBoolean()).isTrue();
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
