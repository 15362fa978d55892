package io.orgcredentials.keycloak.clientpolicy;

import java.util.List;

import io.orgcredentials.keycloak.CredentialConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientPolicyConditionRepresentation;
import org.keycloak.representations.idm.ClientPolicyExecutorRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.ClientPolicyManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Whether a realm's guard policy is installed: read from Keycloak's client policies once per change of the realm's
 * policy attributes, answered from memory otherwise, and forgotten with the realm.
 */
class GuardPolicyTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final ClientPolicyManager clientPolicies = mock(ClientPolicyManager.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final GuardPolicy guard = new GuardPolicy();

    @BeforeEach
    void realm() throws ClientPolicyException {
        when(session.clientPolicy()).thenReturn(clientPolicies);
        when(realm.getId()).thenReturn("realm-1");
        install(true);
    }

    private void install(boolean enabled) throws ClientPolicyException {
        ClientPolicyExecutorRepresentation executor = new ClientPolicyExecutorRepresentation();
        executor.setExecutorProviderId(CredentialConstants.GUARD_EXECUTOR_ID);
        ClientProfileRepresentation profile = new ClientProfileRepresentation();
        profile.setName(CredentialConstants.GUARD_PROFILE_NAME);
        profile.setExecutors(List.of(executor));
        ClientProfilesRepresentation profiles = new ClientProfilesRepresentation();
        profiles.setProfiles(List.of(profile));
        ClientPolicyConditionRepresentation condition = new ClientPolicyConditionRepresentation();
        condition.setConditionProviderId(CredentialConstants.CONDITION_ID);
        ClientPolicyRepresentation policy = new ClientPolicyRepresentation();
        policy.setName(CredentialConstants.GUARD_POLICY_NAME);
        policy.setEnabled(enabled);
        policy.setProfiles(List.of(CredentialConstants.GUARD_PROFILE_NAME));
        policy.setConditions(List.of(condition));
        ClientPoliciesRepresentation policies = new ClientPoliciesRepresentation();
        policies.setPolicies(List.of(policy));
        when(clientPolicies.getClientProfiles(any(), anyBoolean())).thenReturn(profiles);
        when(clientPolicies.getClientPolicies(any(), anyBoolean())).thenReturn(policies);
        when(realm.getAttribute(GuardPolicy.POLICIES_ATTRIBUTE)).thenReturn("{\"enabled\": " + enabled + "}");
        when(realm.getAttribute(GuardPolicy.PROFILES_ATTRIBUTE)).thenReturn("{\"profile\": 1}");
    }

    @Test
    void anUnchangedRealmIsReadOnce() throws ClientPolicyException {
        assertThat(guard.isInstalled(session, realm)).isTrue();
        assertThat(guard.isInstalled(session, realm)).isTrue();
        assertThat(guard.isInstalled(session, realm)).isTrue();
        verify(clientPolicies, times(1)).getClientPolicies(any(), anyBoolean());
    }

    @Test
    void aChangeOfThePoliciesIsSeenAtTheNextRequest() throws ClientPolicyException {
        assertThat(guard.isInstalled(session, realm)).isTrue();
        install(false);
        assertThat(guard.isInstalled(session, realm)).isFalse();
        install(true);
        assertThat(guard.isInstalled(session, realm)).isTrue();
        verify(clientPolicies, times(3)).getClientPolicies(any(), anyBoolean());
    }

    @Test
    void aDamagedPolicyIsNotInstalled() throws ClientPolicyException {
        when(clientPolicies.getClientPolicies(any(), anyBoolean())).thenThrow(new ClientPolicyException("damaged"));
        assertThat(guard.isInstalled(session, realm)).isFalse();
    }

    @Test
    void aRemovedRealmIsForgottenAndReadAgain() throws ClientPolicyException {
        assertThat(guard.isInstalled(session, realm)).isTrue();
        guard.forget("realm-1");
        assertThat(guard.isInstalled(session, realm)).isTrue();
        verify(clientPolicies, times(2)).getClientPolicies(any(), anyBoolean());
    }
}
