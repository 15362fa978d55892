package io.orgcredentials.keycloak.admin.common;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.http.ApiError;
import io.orgcredentials.keycloak.http.PathInput;
import io.orgcredentials.keycloak.organization.Organizations;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

/** The organization a path names: by id or, for convenience, by alias, in the realm of the request. */
public final class OrganizationLookup {

    private OrganizationLookup() {
    }

    /** The organization, or 404; 409 setup_required when the realm has organizations switched off. */
    public static OrganizationModel find(KeycloakSession session, RealmModel realm, String idOrAlias) {
        OrganizationModel organization = lookup(session, realm, idOrAlias);
        if (organization == null) {
            throw notFound(realm, idOrAlias);
        }
        return organization;
    }

    /** The 404 for an organization the realm does not have. */
    public static RuntimeException notFound(RealmModel realm, String idOrAlias) {
        return ApiError.notFound("No organization '" + PathInput.printable(idOrAlias) + "' in realm "
                + realm.getName());
    }

    /** The organization, or null; 409 setup_required when the realm has organizations switched off. */
    public static OrganizationModel lookup(KeycloakSession session, RealmModel realm, String idOrAlias) {
        if (!realm.isOrganizationsEnabled()) {
            throw ApiError.conflict(ApiError.SETUP_REQUIRED, "Organizations are not enabled in realm "
                    + realm.getName() + "; run POST " + CredentialConstants.setupPath(realm.getName()));
        }
        if (!PathInput.isPlausibleId(idOrAlias)) {
            return null;
        }
        OrganizationModel organization = Organizations.byId(session, idOrAlias);
        return organization != null ? organization
                : session.getProvider(OrganizationProvider.class).getByAlias(idOrAlias);
    }
}
