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
import org.keycloak.models.OrganizationModel;
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
        } else if (event instanceof OrganizationModel.OrganizationRemovedEvent removed) {
            removeCredentialsOf(removed.getKeycloakSession(), removed.getOrganization());
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            String realmId = removed.getRealm().getId();
            new CredentialStore(removed.getKeycloakSession()).removeByRealm(realmId);
            new OrganizationQuotas(removed.getKeycloakSession()).removeRealm(realmId);
        }
    }

    private static void removeCredentialsOf(KeycloakSession session, OrganizationModel organization) {
        RealmModel realm = session.getContext().getRealm();
        List<String> clientUuids = new CredentialStore(session).clientUuidsOf(organization.getId());
        ClientManager clients = new ClientManager(new RealmManager(session));
        for (String clientUuid : clientUuids) {
            ClientModel client = realm == null ? null : realm.getClientById(clientUuid);
            if (client != null) {
                LOG.debugf("removing client credential %s with organization %s", client.getClientId(),
                        organization.getAlias());
                clients.removeClient(realm, client);
            }
        }
        new CredentialStore(session).removeByOrganization(organization.getId());
        new OrganizationQuotas(session).removeOrganization(organization.getId());
    }
}
