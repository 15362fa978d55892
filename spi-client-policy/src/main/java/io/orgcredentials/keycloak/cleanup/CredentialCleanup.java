package io.orgcredentials.keycloak.cleanup;

import java.time.Instant;
import java.util.List;

import io.orgcredentials.keycloak.credential.CredentialStore;
import io.orgcredentials.keycloak.quota.OrganizationQuotas;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.services.managers.ClientManager;
import org.keycloak.services.managers.RealmManager;

/**
 * Keeps the extension's rows in step with what Keycloak deletes, whichever API deleted it, inside the same
 * transaction: a removed client frees its place in the organization's limit, a removed organization takes its
 * credentials with it, a removed realm leaves nothing behind.
 */
public final class CredentialCleanup {

    private static final Logger LOG = Logger.getLogger(CredentialCleanup.class);

    private CredentialCleanup() {
    }

    public static void register(KeycloakSessionFactory factory) {
        factory.register(CredentialCleanup::onEvent);
    }

    static void onEvent(ProviderEvent event) {
        if (event instanceof ClientModel.ClientRemovedEvent removed) {
            // Marked, not deleted: frees the place in the limit, and keeps sight of a client an import re-creates.
            new CredentialStore(removed.getKeycloakSession()).markRemoved(removed.getClient().getId(),
                    Instant.ofEpochSecond(Time.currentTime()));
        } else if (event instanceof GroupModel.GroupRemovedEvent removed && isOrganizationGroup(removed.getGroup())) {
            removeCredentialsOf(removed.getKeycloakSession(), removed.getRealm(), removed.getGroup().getName());
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            String realmId = removed.getRealm().getId();
            new CredentialStore(removed.getKeycloakSession()).removeByRealm(realmId);
            new OrganizationQuotas(removed.getKeycloakSession()).removeRealm(realmId);
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

    private static void removeCredentialsOf(KeycloakSession session, RealmModel realm, String organizationId) {
        CredentialStore store = new CredentialStore(session);
        List<String> clientUuids = store.clientUuidsOf(organizationId);
        ClientManager clients = new ClientManager(new RealmManager(session));
        for (String clientUuid : clientUuids) {
            ClientModel client = realm == null ? null : realm.getClientById(clientUuid);
            if (client != null) {
                LOG.debugf("removing client credential %s with its organization %s", client.getClientId(), organizationId);
                clients.removeClient(realm, client);
            }
        }
        store.removeByOrganization(organizationId);
        new OrganizationQuotas(session).removeOrganization(organizationId);
    }
}
