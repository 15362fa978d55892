package io.orgcredentials.keycloak.manager;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.orgcredentials.keycloak.credential.CredentialProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.organization.OrganizationProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The list in the organization's attribute: per organization, members only, every other attribute kept. */
class OrganizationManagersTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final OrganizationProvider organizations = mock(OrganizationProvider.class);
    private final UserProvider users = mock(UserProvider.class);
    private final OrganizationModel acme = organization("acme-id");
    private final OrganizationModel globex = organization("globex-id");
    private final UserModel alice = user("alice-id");
    private final CredentialProvider credentials = mock(CredentialProvider.class);
    private OrganizationManagers managers;

    @BeforeEach
    void wire() {
        when(realm.getId()).thenReturn("realm-id");
        when(session.getProvider(OrganizationProvider.class)).thenReturn(organizations);
        when(session.users()).thenReturn(users);
        when(users.getUserById(realm, "alice-id")).thenReturn(alice);
        when(session.getProvider(CredentialProvider.class)).thenReturn(credentials);
        managers = new OrganizationManagers(session, realm);
    }

    private static OrganizationModel organization(String id) {
        OrganizationModel organization = mock(OrganizationModel.class);
        Map<String, List<String>> attributes = new HashMap<>(Map.of("org-client-credentials-notice-email",
                List.of("ops@example.test")));
        when(organization.getId()).thenReturn(id);
        when(organization.getAttributes()).thenAnswer(call -> attributes);
        doAnswer(call -> {
            attributes.clear();
            attributes.putAll(call.getArgument(0));
            return null;
        }).when(organization).setAttributes(any());
        return organization;
    }

    private static UserModel user(String id) {
        UserModel user = mock(UserModel.class);
        when(user.getId()).thenReturn(id);
        return user;
    }

    @Test
    void aNamedMemberManagesThatOrganizationOnly() {
        when(organizations.isMember(any(), eq(alice))).thenReturn(true);
        assertThat(managers.add(acme, alice)).isTrue();
        assertThat(managers.add(acme, alice)).as("named twice").isFalse();
        assertThat(managers.isManager(acme, alice)).isTrue();
        assertThat(managers.isManager(globex, alice)).as("a member of globex too, but not named there").isFalse();
        assertThat(managers.managers(acme)).containsExactly(alice);
        assertThat(acme.getAttributes()).containsEntry(OrganizationManagers.ATTRIBUTE, List.of("alice-id"))
                .containsEntry("org-client-credentials-notice-email", List.of("ops@example.test"));
        // Each change takes the organization's turn first (two admins naming two managers at once both count).
        verify(credentials, times(2)).lockOrganization(realm, acme);
        verify(credentials, never()).lockOrganization(realm, globex);
    }

    @Test
    void aNamedUserWhoIsNoLongerAMemberManagesNothingAndLeavingRemovesThem() {
        when(organizations.isMember(any(), eq(alice))).thenReturn(true);
        managers.add(acme, alice);
        when(organizations.isMember(acme, alice)).thenReturn(false);
        assertThat(managers.isManager(acme, alice)).isFalse();
        assertThat(managers.managers(acme)).isEmpty();
        assertThat(managers.isListed(acme, "alice-id")).isTrue();
        managers.memberLeft(acme, alice);
        assertThat(managers.isListed(acme, "alice-id")).isFalse();
        assertThat(acme.getAttributes()).doesNotContainKey(OrganizationManagers.ATTRIBUTE)
                .containsKey("org-client-credentials-notice-email");
    }

    @Test
    void blankAndRepeatedValuesOfAHandEditedAttributeAreIgnored() {
        acme.getAttributes().put(OrganizationManagers.ATTRIBUTE, java.util.Arrays.asList(" alice-id ", "", null,
                "alice-id"));
        when(organizations.isMember(acme, alice)).thenReturn(true);
        when(users.getUserById(eq(realm), anyString())).thenAnswer(call -> "alice-id".equals(call.getArgument(1))
                ? alice : null);
        assertThat(managers.managers(acme)).containsExactly(alice);
        assertThat(managers.isManager(acme, null)).isFalse();
    }
}
