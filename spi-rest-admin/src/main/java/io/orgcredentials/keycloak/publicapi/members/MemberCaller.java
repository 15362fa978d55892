package io.orgcredentials.keycloak.publicapi.members;

import io.orgcredentials.keycloak.admin.common.OrganizationLookup;
import io.orgcredentials.keycloak.admin.credentials.CredentialsCaller;
import io.orgcredentials.keycloak.http.ApiError;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * An organization's member. Any member of an enabled organization may read its credentials; a member its admins
 * named one of its credential managers may create, rotate and delete them there, and nowhere else. No member may change the limit, and no
 * member learns whether an organization they do not belong to exists. Changes are admin events with the member as
 * the acting user, so that realm admins see them with every other change.
 */
public final class MemberCaller implements CredentialsCaller {

    private final KeycloakSession session;
    private final Member member;

    public MemberCaller(KeycloakSession session, Member member) {
        this.session = session;
        this.member = member;
    }

    @Override
    public OrganizationModel organization(String idOrAlias, Right right) {
        OrganizationModel organization = OrganizationLookup.lookup(session, member.realm(), idOrAlias);
        if (organization == null || !organization.isEnabled() || !member.isMemberOf(organization)) {
            throw ApiError.forbidden("Only members of an organization can see its client credentials");
        }
        if (right == Right.MANAGE && !member.isCredentialManager(organization)) {
            throw ApiError.forbidden("Managing the client credentials of organization " + organization.getAlias()
                    + " needs its admins to name you one of its credential managers");
        }
        return organization;
    }

    @Override
    public boolean may(Right right, OrganizationModel organization) {
        boolean member = organization.isEnabled() && this.member.isMemberOf(organization);
        return member && (right == Right.VIEW || this.member.isCredentialManager(organization));
    }

    @Override
    public boolean mayChangeLimit() {
        return false;
    }

    @Override
    public String limitRefusal() {
        return "Members cannot change an organization's client credential limit; a realm admin can";
    }

    @Override
    public boolean mayNameManagers(OrganizationModel organization) {
        return false;
    }

    @Override
    public String managersRefusal() {
        return "An organization's credential managers are named by its admins, not by its members";
    }

    @Override
    public AdminEventBuilder events() {
        AdminAuth actor = new AdminAuth(member.realm(), member.token(), member.user(), member.client());
        return new AdminEventBuilder(member.realm(), actor, session, session.getContext().getConnection());
    }
}
