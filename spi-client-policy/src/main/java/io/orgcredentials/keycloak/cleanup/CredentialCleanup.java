package io.orgcredentials.keycloak.cleanup;

import io.orgcredentials.keycloak.credential.CredentialManager;
import io.orgcredentials.keycloak.manager.OrganizationManagers;
import io.orgcredentials.keycloak.usage.LastUsedRecorder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Keeps the extension's rows in step with what Keycloak deletes, whichever API deleted it, inside the same
 * transaction: a removed client frees its place in the organization's limit, a removed organization takes its
 * credentials with it, a member who leaves an organization stops being one of its credential managers, a removed
 * realm leaves nothing behind. What each removal means is
 * {@link CredentialManager}'s; this class only recognises the events.
 */
public final class CredentialCleanup {

    private CredentialCleanup() {
    }

    public static void register(KeycloakSessionFactory factory) {
        factory.register(CredentialCleanup::onEvent);
    }

    static void onEvent(ProviderEvent event) {
        if (event instanceof ClientModel.ClientRemovedEvent removed) {
            CredentialManager.clientRemoved(removed.getKeycloakSession(), removed.getClient().getId());
            LastUsedRecorder.forget(removed.getClient().getId());
        } else if (event instanceof GroupModel.GroupRemovedEvent removed && removed.getRealm() != null
                && isOrganizationGroup(removed.getGroup())) {
            new CredentialManager(removed.getKeycloakSession(), removed.getRealm())
                    .removeOrganization(removed.getGroup().getName());
        } else if (event instanceof OrganizationModel.OrganizationMemberLeaveEvent left
                && left.getSession().getContext().getRealm() != null) {
            new OrganizationManagers(left.getSession(), left.getSession().getContext().getRealm())
                    .memberLeft(left.getOrganization(), left.getUser());
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            CredentialManager.realmRemoved(removed.getKeycloakSession(), removed.getRealm().getId());
        }
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
