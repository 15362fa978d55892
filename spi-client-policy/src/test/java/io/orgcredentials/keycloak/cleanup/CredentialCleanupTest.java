package io.orgcredentials.keycloak.cleanup;

import io.orgcredentials.keycloak.credential.CredentialProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * What Keycloak's removals mean for the credentials, routed to the credential domain: a removed client, an
 * organization's own group (the one signal of an organization's removal on every supported version), a realm; other
 * events and other groups are left alone.
 */
class CredentialCleanupTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final CredentialProvider credentials = mock(CredentialProvider.class);
    private final RealmModel realm = mock(RealmModel.class);

    @BeforeEach
    void domain() {
        when(session.getProvider(CredentialProvider.class)).thenReturn(credentials);
        when(realm.getId()).thenReturn("realm-1");
    }

    private static GroupModel group(GroupModel.Type type, String parentId, String name) {
        GroupModel group = mock(GroupModel.class);
        when(group.getType()).thenReturn(type);
        when(group.getParentId()).thenReturn(parentId);
        when(group.getName()).thenReturn(name);
        return group;
    }

    private GroupModel.GroupRemovedEvent groupRemoved(GroupModel group) {
        GroupModel.GroupRemovedEvent event = mock(GroupModel.GroupRemovedEvent.class);
        when(event.getGroup()).thenReturn(group);
        when(event.getRealm()).thenReturn(realm);
        when(event.getKeycloakSession()).thenReturn(session);
        return event;
    }

    @Test
    void aRemovedClientFreesItsPlace() {
        ClientModel client = mock(ClientModel.class);
        when(client.getId()).thenReturn("client-uuid");
        ClientModel.ClientRemovedEvent event = mock(ClientModel.ClientRemovedEvent.class);
        when(event.getClient()).thenReturn(client);
        when(event.getKeycloakSession()).thenReturn(session);
        CredentialCleanup.onEvent(event);
        verify(credentials).clientRemoved("client-uuid");
    }

    @Test
    void theOrganizationsOwnGroupTakesItsCredentials() {
        CredentialCleanup.onEvent(groupRemoved(group(GroupModel.Type.ORGANIZATION, null, "org-1")));
        verify(credentials).organizationRemoved(realm, "org-1");
    }

    @Test
    void subgroupsRealmGroupsAndNamelessGroupsDoNot() {
        CredentialCleanup.onEvent(groupRemoved(group(GroupModel.Type.ORGANIZATION, "org-1", "team")));
        CredentialCleanup.onEvent(groupRemoved(group(GroupModel.Type.REALM, null, "org-1")));
        CredentialCleanup.onEvent(groupRemoved(group(GroupModel.Type.ORGANIZATION, null, null)));
        verify(credentials, never()).organizationRemoved(any(), anyString());
        assertThat(CredentialCleanup.isOrganizationGroup(null)).isFalse();
    }

    @Test
    void aRemovedRealmLeavesNothing() {
        RealmModel.RealmRemovedEvent event = mock(RealmModel.RealmRemovedEvent.class);
        when(event.getRealm()).thenReturn(realm);
        when(event.getKeycloakSession()).thenReturn(session);
        CredentialCleanup.onEvent(event);
        verify(credentials).realmRemoved("realm-1");
    }

    @Test
    void aMemberWhoLeavesOutsideARealmContextChangesNothing() {
        OrganizationModel.OrganizationMemberLeaveEvent left = mock(OrganizationModel.OrganizationMemberLeaveEvent.class);
        KeycloakContext context = mock(KeycloakContext.class);
        when(left.getSession()).thenReturn(session);
        when(session.getContext()).thenReturn(context);
        when(left.getUser()).thenReturn(mock(UserModel.class));
        CredentialCleanup.onEvent(left);
        verifyNoInteractions(credentials);
    }

    @Test
    void otherEventsAreLeftAlone() {
        CredentialCleanup.onEvent(mock(ProviderEvent.class));
        verifyNoInteractions(credentials);
    }
}
