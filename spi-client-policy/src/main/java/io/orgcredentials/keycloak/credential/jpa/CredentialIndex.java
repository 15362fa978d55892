package io.orgcredentials.keycloak.credential.jpa;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.orgcredentials.keycloak.credential.Credential;
import io.orgcredentials.keycloak.credential.jpa.entity.CredentialIndexEntity;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Keeps the extension's index ({@link CredentialIndexEntity}) in step with the credential clients Keycloak holds. The
 * index is only ever what the clients' attributes say, so a row that is missing (an import into another database, a
 * restore of Keycloak's tables alone) is rebuilt from them: when an import creates the client, when a realm is
 * created from a representation, and for every realm when the server starts. A client whose attributes do not hold
 * (a partial import, an edited file) gets its row too, so that it is listed as unusable, counts against the limit and
 * can be deleted, rather than being invisible.
 */
final class CredentialIndex {

    private static final Logger LOG = Logger.getLogger(CredentialIndex.class);

    private final EntityManager em;
    private final CredentialStore store;

    CredentialIndex(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.store = new CredentialStore(session);
    }

    /** Rows for the realm's credential clients that have none; how many were made. */
    public int rebuild(RealmModel realm) {
        List<String> carrying = em.createQuery("select a.client.id from ClientAttributeEntity a"
                        + " where a.name = :name and a.client.realmId = :realmId", String.class)
                .setParameter("name", Credential.ORGANIZATION_ID)
                .setParameter("realmId", realm.getId())
                .getResultList();
        if (carrying.isEmpty()) {
            return 0;
        }
        Set<String> indexed = new HashSet<>(em.createQuery("select c.clientUuid from CredentialIndexEntity c"
                + " where c.realmId = :realmId", String.class).setParameter("realmId", realm.getId()).getResultList());
        int made = 0;
        for (String clientUuid : carrying) {
            if (!indexed.contains(clientUuid) && index(realm, realm.getClientById(clientUuid))) {
                made++;
            }
        }
        if (made > 0) {
            LOG.infof("Realm %s: indexed %d client credential(s) found without an index row (imported or restored)",
                    realm.getName(), made);
        }
        return made;
    }

    /**
     * The row of a client that carries credential attributes but has none, made from those attributes; false when
     * it has one already or carries none. Never throws for damaged attributes: that client is then skipped and
     * logged, because a failure here would undo the import that brought it.
     */
    public boolean index(RealmModel realm, ClientModel client) {
        if (client == null || em.find(CredentialIndexEntity.class, client.getId()) != null) {
            return false;
        }
        Credential credential = Credential.of(client).orElse(null);
        if (credential == null) {
            return false;
        }
        String organizationId = credential.organizationId();
        if (organizationId.length() > 36 || client.getClientId().length() > 255) {
            LOG.warnf("Realm %s: client %s carries a damaged %s; it is not a usable client credential", realm.getName(),
                    client.getClientId(), Credential.ORGANIZATION_ID);
            return false;
        }
        String name = rowName(organizationId, credential.name() == null ? client.getClientId() : credential.name(),
                client.getClientId());
        CredentialIndexEntity row = new CredentialIndexEntity(client.getId(), client.getClientId(), realm.getId(),
                organizationId, name, seconds(credential.createdAt()), seconds(credential.expiresAt()));
        row.setNoticeDays(credential.noticeDays());
        store.add(row);
        return true;
    }

    /**
     * Names are unique in an organization; an imported client whose name is taken keeps a name that says whose it is
     * (the listing then shows it as changed outside the extension, as it is).
     */
    private String rowName(String organizationId, String name, String clientId) {
        String fitting = name.length() > 255 ? name.substring(0, 255) : name;
        if (store.byName(organizationId, fitting).isEmpty()) {
            return fitting;
        }
        String suffix = " [" + clientId + "]";
        return (name.length() + suffix.length() > 255 ? name.substring(0, 255 - suffix.length()) : name) + suffix;
    }

    private static long seconds(java.time.Instant instant) {
        return instant == null ? 0 : instant.getEpochSecond();
    }
}
