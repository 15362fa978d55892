package io.orgcredentials.keycloak.it.console;

import java.util.Map;

import io.orgcredentials.keycloak.it.support.BrowserScript;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The self-service page in headless Chromium (themes/e2e/self-service-page.mjs): a member with the manager role
 * signs in through the realm's login page, adds a credential, copies and uses its secret, sees the green dot and
 * deletes it; a member without the role sees the credentials but no "Add client", and the API refuses them.
 */
@ExtendWith(KeycloakExtension.class)
class SelfServicePageIT {

    private final KeycloakApi api;

    SelfServicePageIT(KeycloakApi api) {
        this.api = api;
    }

    @Test
    void membersManageTheirOrganizationsCredentialsOnThePage() throws Exception {
        BrowserScript.requireBrowser();
        try (TestRealm realm = TestRealm.createReady(api, "portal")) {
            String orgId = api.createOrganization(realm.name(), "acme");
            new CredentialsApi(api, realm.name(), realm::realmAdminToken).createOk(orgId, "kept", null);
            String manager = api.createUser(realm.name(), "acme-manager", TestRealm.PASSWORD);
            api.addMember(realm.name(), orgId, manager);
            api.nameManager(realm.name(), orgId, manager);
            String viewer = api.createUser(realm.name(), "acme-viewer", TestRealm.PASSWORD);
            api.addMember(realm.name(), orgId, viewer);

            BrowserScript.run("self-service-page.mjs", Map.of(
                    "KC_BASE_URL", api.server().baseUri().toString(),
                    "KC_REALM", realm.name(),
                    "MANAGER_USER", "acme-manager",
                    "VIEWER_USER", "acme-viewer",
                    "KC_PASSWORD", TestRealm.PASSWORD));

            // What the page did is what the API holds; the member who is no manager is refused by the API too.
            CredentialsApi asAdmin = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
            assertThat(asAdmin.list(orgId, null).json().findValuesAsText("name")).containsExactly("kept");
            Http.Result refused = CredentialsApi.members(api, realm.name(),
                    () -> api.portalToken(realm.name(), "acme-viewer", TestRealm.PASSWORD)).create(orgId, "x", null);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("error_description").asText())
                    .isEqualTo("Managing the client credentials of organization acme needs its admins to name you one "
                            + "of its credential managers");
        }
    }
}
