package io.orgcredentials.keycloak.admin.permissions;

import io.orgcredentials.keycloak.admin.credentials.CredentialsCaller.Right;
import io.orgcredentials.keycloak.compat.ServerCompatibility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.ClientPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.RealmPermissionEvaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * An admin's rights where Keycloak has no organization permissions (26.4/26.5, the API these modules compile
 * against): the clients role for the action and manage-realm, which those versions ask for every organization.
 */
class AdminCallerTest {

    private final AdminPermissionEvaluator auth = mock(AdminPermissionEvaluator.class);
    private final ClientPermissionEvaluator clients = mock(ClientPermissionEvaluator.class);
    private final RealmPermissionEvaluator realm = mock(RealmPermissionEvaluator.class);
    private final OrganizationModel organization = mock(OrganizationModel.class);
    private AdminCaller caller;

    @BeforeEach
    void admin() {
        assumeFalse(ServerCompatibility.current().hasOrganizationPermissions(), "tested against the 26.4 API");
        when(auth.clients()).thenReturn(clients);
        when(auth.realm()).thenReturn(realm);
        caller = new AdminCaller(mock(KeycloakSession.class), mock(RealmModel.class), auth,
                mock(AdminEventBuilder.class));
    }

    @Test
    void viewingNeedsViewClientsAndManageRealm() {
        when(clients.canView()).thenReturn(true);
        assertThat(caller.may(Right.VIEW, organization)).isFalse();
        when(realm.canManageRealm()).thenReturn(true);
        assertThat(caller.may(Right.VIEW, organization)).isTrue();
        assertThat(caller.may(Right.MANAGE, organization)).isFalse();
    }

    @Test
    void managingNeedsManageClientsAndManageRealm() {
        when(realm.canManageRealm()).thenReturn(true);
        when(clients.canManage()).thenReturn(true);
        assertThat(caller.may(Right.MANAGE, organization)).isTrue();
        when(realm.canManageRealm()).thenReturn(false);
        assertThat(caller.may(Right.MANAGE, organization)).isFalse();
    }

    @Test
    void theLimitNeedsManageRealm() {
        assertThat(caller.mayChangeLimit()).isFalse();
        when(realm.canManageRealm()).thenReturn(true);
        assertThat(caller.mayChangeLimit()).isTrue();
    }
}
