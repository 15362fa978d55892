package io.orgcredentials.keycloak.admin.setup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.credential.CredentialException;
import io.orgcredentials.keycloak.credential.CredentialProvider;
import io.orgcredentials.keycloak.hashkey.HashKeyProviderFactory;
import io.orgcredentials.keycloak.hashkey.HashKeys;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import io.orgcredentials.keycloak.settings.CredentialSettingsProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.common.Profile;
import org.keycloak.component.ComponentModel;
import org.keycloak.keys.KeyProvider;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The set-up's checks on a realm: ready only when every required piece is there, creates refused naming what is
 * missing, and the diagnostics (keys credentials need, unkeyed hashes) reported without blocking.
 */
class RealmSetupTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final CredentialProvider credentials = mock(CredentialProvider.class);
    private final List<ComponentModel> keyComponents = new ArrayList<>();
    private String kid;

    @BeforeAll
    static void keycloakFeatures() {
        Profile.configure();
    }

    @BeforeEach
    void aRealmSetUpInFull() {
        CredentialSettingsProvider settings = () -> CredentialSettings.DEFAULTS;
        when(session.getProvider(CredentialSettingsProvider.class)).thenReturn(settings);
        when(session.getProvider(CredentialProvider.class)).thenReturn(credentials);
        lenient().when(session.users()).thenReturn(mock(UserProvider.class));
        lenient().when(realm.getName()).thenReturn("demo");
        lenient().when(realm.getId()).thenReturn("realm-id");
        lenient().when(realm.isOrganizationsEnabled()).thenReturn(true);
        List<ClientScopeModel> scopes = new ArrayList<>();
        for (String name : CredentialSettings.DEFAULTS.resourceScopes()) {
            ClientScopeModel scope = mock(ClientScopeModel.class);
            lenient().when(scope.getName()).thenReturn(name);
            lenient().when(scope.getProtocol()).thenReturn("openid-connect");
            scopes.add(scope);
        }
        lenient().when(realm.getClientScopesStream()).thenAnswer(call -> scopes.stream());
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setId("flow-id");
        lenient().when(realm.getClientAuthenticationFlow()).thenReturn(flow);
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setAuthenticator(CredentialConstants.AUTHENTICATOR_ID);
        execution.setRequirement(AuthenticationExecutionModel.Requirement.ALTERNATIVE);
        lenient().when(realm.getAuthenticationExecutionsStream("flow-id")).thenAnswer(call -> Stream.of(execution));
        lenient().when(credentials.guardPolicyInstalled(realm)).thenReturn(true);
        lenient().when(realm.getAdminTheme()).thenReturn(CredentialConstants.ADMIN_THEME);
        lenient().when(realm.getClientByClientId(CredentialConstants.PORTAL_CLIENT_ID))
                .thenReturn(mock(ClientModel.class));
        lenient().when(realm.getComponentsStream(anyString(), eq(KeyProvider.class.getName())))
                .thenAnswer(call -> keyComponents.stream());
        lenient().when(realm.addComponentModel(any())).thenAnswer(call -> {
            ComponentModel model = call.getArgument(0);
            model.setId("component-" + keyComponents.size());
            new HashKeyProviderFactory().validateConfiguration(session, realm, model);
            keyComponents.add(model);
            return model;
        });
        kid = HashKeys.of(realm).add("first key", null, null).kid();
    }

    private static SetupReport.Check check(SetupReport report, String name) {
        return report.checks().stream().filter(check -> check.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aRealmWithEveryPieceIsReady() {
        SetupReport report = new RealmSetup(session, realm).check();
        assertThat(report.ready()).as(report.toString()).isTrue();
        assertThat(report.checks()).filteredOn(SetupReport.Check::required).allMatch(SetupReport.Check::isPresent);
        assertThat(check(report, RealmSetup.HASH_KEY).detail()).isEqualTo("hash key '" + kid + "' hashes new secrets");
        RealmSetup.requireReady(session, realm);
    }

    @Test
    void withoutTheGuardPolicyOrTheAuthenticatorNoCredentialIsCreated() {
        when(credentials.guardPolicyInstalled(realm)).thenReturn(false);
        when(realm.getAuthenticationExecutionsStream("flow-id")).thenAnswer(call -> Stream.empty());
        SetupReport report = new RealmSetup(session, realm).check();
        assertThat(report.ready()).isFalse();
        assertThat(check(report, RealmSetup.CLIENT_POLICY).isPresent()).isFalse();
        assertThatThrownBy(() -> RealmSetup.requireReady(session, realm))
                .isInstanceOfSatisfying(CredentialException.class, refused -> {
                    assertThat(refused.kind()).isEqualTo(CredentialException.Kind.SETUP_REQUIRED);
                    assertThat(refused.getMessage()).contains("missing: client-authentication-flow, client-policy")
                            .contains("POST " + CredentialConstants.setupPath("demo"));
                });
    }

    @Test
    void aRealmWithoutAnActiveKeyTakesNoNewCredential() {
        keyComponents.clear();
        SetupReport report = new RealmSetup(session, realm).check();
        assertThat(report.ready()).isFalse();
        assertThat(check(report, RealmSetup.HASH_KEY).detail())
                .isEqualTo("no active hash key: new credentials cannot be created until one is added");
    }

    @Test
    void aKeyCredentialsNeedButTheRealmLacksIsReportedNotBlocking() {
        when(credentials.keyUsage(eq(realm), any())).thenReturn(Map.of(kid, 2, "lost", 1));
        SetupReport report = new RealmSetup(session, realm).check();
        SetupReport.Check needed = check(report, RealmSetup.HASH_KEYS_NEEDED);
        assertThat(needed.isPresent()).isFalse();
        assertThat(needed.required()).isFalse();
        assertThat(needed.detail()).contains("'lost' (needed by 1 credential)").doesNotContain(kid);
        assertThat(report.ready()).isTrue();
    }

    @Test
    void unkeyedHashesAreReportedWithWhatToDo() {
        when(credentials.unkeyedCount(eq(realm), any())).thenReturn(3);
        SetupReport.Check unkeyed = check(new RealmSetup(session, realm).check(), RealmSetup.UNKEYED_HASHES);
        assertThat(unkeyed.isPresent()).isFalse();
        assertThat(unkeyed.detail()).startsWith("3 credential(s) have a secret hashed without a key")
                .contains("does not verify unless the server option unkeyed-hashes is on");
    }
}
