package io.orgcredentials.keycloak.organization;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;

/** Organizations of the session's realm, as the extension looks them up. */
public final class Organizations {

    private Organizations() {
    }

    /**
     * The organization with this id in the session's realm, or null. Keycloak throws rather than answering null for
     * the id of another realm's organization: to the extension that is as unknown as any other id.
     */
    public static OrganizationModel byId(KeycloakSession session, String id) {
        try {
            return session.getProvider(OrganizationProvider.class).getById(id);
        } catch (ModelException ofAnotherRealm) {
            return null;
        }
    }
}
