package io.orgcredentials.keycloak.it.console;

import java.time.Instant;
import java.util.Map;

import io.orgcredentials.keycloak.it.support.BrowserScript;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin console with the extension's theme, in headless Chromium (themes/e2e/client-credentials-tab.mjs):
 * the organization tab, adding a credential and using the secret from the modal, the active and expired dots,
 * delete through the row menu, the limit message, and stock pages still working. Skipped when Chromium is not
 * installed, unless -Dit.require-browser=true (CI), where that fails instead.
 */
@ExtendWith(KeycloakExtension.class)
class ClientCredentialsTabIT {

    private final KeycloakApi api;

    ClientCredentialsTabIT(KeycloakApi api) {
        this.api = api;
    }

    @Test
    void realmAdminsManageCredentialsInTheConsole() throws Exception {
        BrowserScript.requireBrowser();
        try (TestRealm realm = TestRealm.createReady(api, "console")) {
            String orgId = api.createOrganization(realm.name(), "acme");
            String shortLived = "short-lived";
            new CredentialsApi(api, realm.name(), realm::realmAdminToken)
                    .createOk(orgId, shortLived, Instant.now().plusSeconds(20));
            // Within the first expiry-notice threshold (30 days): the amber dot.
            String expiring = "expiring-soon";
            new CredentialsApi(api, realm.name(), realm::realmAdminToken)
                    .createOk(orgId, expiring, Instant.now().plus(java.time.Duration.ofDays(10)).plusSeconds(3600));
            // A member the admin names a manager of acme in the tab (and then removes again).
            String member = api.createUser(realm.name(), "tab-member", TestRealm.PASSWORD);
            api.addMember(realm.name(), orgId, member);
            BrowserScript.run("client-credentials-tab.mjs", Map.of(
                    "MEMBER_USER", "tab-member",
                    "KC_BASE_URL", api.server().baseUri().toString(),
                    "KC_REALM", realm.name(),
                    "ORG_ID", orgId,
                    "KC_USER", TestRealm.REALM_ADMIN,
                    "KC_PASSWORD", TestRealm.PASSWORD,
                    "SHORT_LIVED_NAME", shortLived,
                    "EXPIRING_NAME", expiring));

            // What the browser did is what the API holds: the deleted row is gone, the organization is full.
            CredentialsApi credentials = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
            assertThat(credentials.list(orgId, null).body()).doesNotContain("\"console-made\"").contains(shortLived);
            assertThat(credentials.limit(orgId).json().get("available").asInt()).isZero();
            // The tab named the member a manager, which the browser saw in the list, and then removed them.
            assertThat(credentials.managers(orgId).json()).isEmpty();
        }
    }
}
