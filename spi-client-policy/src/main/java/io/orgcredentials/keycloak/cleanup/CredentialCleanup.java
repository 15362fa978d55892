package io.orgcredentials.keycloak.cleanup;

import io.orgcredentials.keycloak.credential.CredentialProvider;
import io.orgcredentials.keycloak.manager.OrganizationManagers;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Keeps the extension's rows in step with what Keycloak deletes, whichever API deleted it, inside the same
 * transaction: a removed client frees its place in the organization's limit, a removed organization takes its
 * credentials with it, a member who leaves an organization stops being one of its credential managers, a removed
 * realm leaves nothing behind. What each removal means is
 * {@link CredentialProvider}'s; this class only recognises the events. The credential domain's factory registers
 * it, only where the extension is enabled.
 */
public final class CredentialCleanup {

    private CredentialCleanup() {
    }

    /** Registered by the credential domain's factory as a listener of Keycloak's provider events. */
    public static void onEvent(ProviderEvent event) {
        if (event instanceof ClientModel.ClientRemovedEvent removed) {
            credentials(removed.getKeycloakSession()).clientRemoved(removed.getClient().getId());
        } else if (event instanceof GroupModel.GroupRemovedEvent removed && removed.getRealm() != null
                && isOrganizationGroup(removed.getGroup())) {
            credentials(removed.getKeycloakSession()).organizationRemoved(removed.getRealm(),
                    removed.getGroup().getName());
        } else if (event instanceof OrganizationModel.OrganizationMemberLeaveEvent left
                && left.getSession().getContext().getRealm() != null) {
            new OrganizationManagers(left.getSession(), left.getSession().getContext().getRealm())
                    .memberLeft(left.getOrganization(), left.getUser());
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            credentials(removed.getKeycloakSession()).realmRemoved(removed.getRealm().getId());
        }
    }

    private static CredentialProvider credentials(KeycloakSession session) {
        return session.getProvider(CredentialProvider.class);
    }

    /**
     * Keycloak removes an organization's own top-level group (type ORGANIZATION, named after the organization's id)
     * when it removes the organization, on every supported version; 26.7 added an OrganizationRemovedEvent, which
     * 26.4 and 26.5 lack, so the group's removal is the one signal all of them give.
     */
    static boolean isOrganizationGroup(GroupModel group) {
        return group != null && group.getType() == GroupModel.Type.ORGANIZATION && group.getParentId() == null
                && group.getName() != null;
    }
}
