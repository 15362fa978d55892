package io.orgcredentials.keycloak.publicapi.members;

import io.orgcredentials.keycloak.admin.credentials.CredentialsCaller.Right;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** A member's rights: membership of an enabled organization to read, being named its manager besides to change. */
class MemberCallerTest {

    private final Member member = mock(Member.class);
    private final OrganizationModel organization = mock(OrganizationModel.class);
    private final OrganizationModel other = mock(OrganizationModel.class);
    private final MemberCaller caller = new MemberCaller(mock(KeycloakSession.class), member);

    @Test
    void aMemberReadsAndAManagerMemberAlsoChanges() {
        when(organization.isEnabled()).thenReturn(true);
        when(member.isMemberOf(organization)).thenReturn(true);
        assertThat(caller.may(Right.VIEW, organization)).isTrue();
        assertThat(caller.may(Right.MANAGE, organization)).isFalse();
        when(member.isCredentialManager(organization)).thenReturn(true);
        assertThat(caller.may(Right.MANAGE, organization)).isTrue();
    }

    @Test
    void managingOneOrganizationGivesNothingInAnotherTheyBelongTo() {
        when(organization.isEnabled()).thenReturn(true);
        when(other.isEnabled()).thenReturn(true);
        when(member.isMemberOf(organization)).thenReturn(true);
        when(member.isMemberOf(other)).thenReturn(true);
        when(member.isCredentialManager(organization)).thenReturn(true);
        assertThat(caller.may(Right.MANAGE, organization)).isTrue();
        assertThat(caller.may(Right.VIEW, other)).isTrue();
        assertThat(caller.may(Right.MANAGE, other)).isFalse();
    }

    @Test
    void beingNamedGivesNothingOutsideTheMembership() {
        when(organization.isEnabled()).thenReturn(true);
        when(member.isCredentialManager(organization)).thenReturn(true);
        when(member.isMemberOf(organization)).thenReturn(false);
        assertThat(caller.may(Right.VIEW, organization)).isFalse();
        assertThat(caller.may(Right.MANAGE, organization)).isFalse();
    }

    @Test
    void aDisabledOrganizationsMembersMayDoNothing() {
        when(organization.isEnabled()).thenReturn(false);
        when(member.isMemberOf(organization)).thenReturn(true);
        when(member.isCredentialManager(organization)).thenReturn(true);
        assertThat(caller.may(Right.VIEW, organization)).isFalse();
        assertThat(caller.may(Right.MANAGE, organization)).isFalse();
    }

    @Test
    void noMemberChangesTheLimitOrNamesManagers() {
        when(organization.isEnabled()).thenReturn(true);
        when(member.isMemberOf(organization)).thenReturn(true);
        when(member.isCredentialManager(organization)).thenReturn(true);
        assertThat(caller.mayChangeLimit()).isFalse();
        assertThat(caller.limitRefusal()).contains("a realm admin can");
        assertThat(caller.mayNameManagers(organization)).isFalse();
        assertThat(caller.managersRefusal()).contains("named by its admins");
    }
}
