package io.orgcredentials.keycloak.compat;

import java.net.URL;
import java.net.URLClassLoader;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerCompatibilityTest {

    /** The test class path holds Keycloak 26.4's server API (what the module compiles against). */
    private static final ClassLoader KEYCLOAK_26_4 = ServerCompatibilityTest.class.getClassLoader();
    /** A server that has none of the classes the rules need (JDK classes only). */
    private static final ClassLoader CHANGED_INTERNALS = new URLClassLoader(new URL[0], null);

    @Test
    void supportedVersionsWithWhatTheRulesNeedAreEnabled() {
        for (String version : new String[]{"26.4.0", "26.4.7", "26.5.6", "26.7.0", "26.7.3", "26.7.4"}) {
            ServerCompatibility server = ServerCompatibility.detect(version, KEYCLOAK_26_4);
            assertThat(server.isEnabled()).as(version).isTrue();
            assertThat(server.disabledReason()).as(version).isNull();
            assertThat(server.isNewerThanTested()).as(version).isFalse();
        }
        // 26.4's API has neither the token-interceptor SPI nor organization permissions.
        ServerCompatibility old = ServerCompatibility.detect("26.4.7", KEYCLOAK_26_4);
        assertThat(old.hasTokenInterceptor()).isFalse();
        assertThat(old.hasOrganizationPermissions()).isFalse();
    }

    /** CVE-2026-1529: forged organization invitations, fixed in 26.4.9 and 26.5.3. */
    @Test
    void releasesThatAdmitAnyoneToAnOrganizationAreNamed() {
        for (String version : new String[]{"26.4.0", "26.4.7", "26.4.8", "26.5.0", "26.5.2", "26.4.0-SNAPSHOT"}) {
            assertThat(ServerCompatibility.detect(version, KEYCLOAK_26_4).knownFlaw()).as(version)
                    .hasValueSatisfying(flaw -> assertThat(flaw).contains("CVE-2026-1529", "26.4.9", "26.5.3"));
        }
        for (String version : new String[]{"26.4.9", "26.4.12", "26.5.3", "26.5.6", "26.6.0", "26.7.3", "27.0.0"}) {
            assertThat(ServerCompatibility.detect(version, KEYCLOAK_26_4).knownFlaw()).as(version).isEmpty();
        }
    }

    @Test
    void olderVersionsAreDisabledAndSayWhy() {
        for (String version : new String[]{"26.3.5", "25.0.6", "24.0.0"}) {
            ServerCompatibility server = ServerCompatibility.detect(version, KEYCLOAK_26_4);
            assertThat(server.isEnabled()).as(version).isFalse();
            assertThat(server.disabledReason()).contains("disabled on Keycloak " + version)
                    .contains("older than Keycloak 26.4").contains("Credentials get no tokens");
        }
    }

    @Test
    void aNewerServerWhoseInternalsChangedIsDisabled() {
        ServerCompatibility changed = ServerCompatibility.detect("27.0.0", CHANGED_INTERNALS);
        assertThat(changed.isEnabled()).isFalse();
        assertThat(changed.disabledReason()).contains("Keycloak 27.0.0").contains("lacks")
                .contains("org.keycloak.organization.OrganizationProvider");
    }

    @Test
    void aNewerServerWithWhatTheRulesNeedRunsWithAWarning() {
        ServerCompatibility newer = ServerCompatibility.detect("26.8.0", KEYCLOAK_26_4);
        assertThat(newer.isEnabled()).isTrue();
        assertThat(newer.isNewerThanTested()).isTrue();
    }

    @Test
    void anUnreadableVersionIsDisabled() {
        for (String version : new String[]{null, "", "main", "26"}) {
            assertThat(ServerCompatibility.detect(version, KEYCLOAK_26_4).isEnabled()).as(String.valueOf(version)).isFalse();
        }
        assertThat(ServerCompatibility.parseVersion("999.0.0-SNAPSHOT")).containsExactly(999, 0);
    }
}
