package io.orgcredentials.keycloak.credential.jpa;

import io.orgcredentials.keycloak.credential.jpa.entity.OrganizationQuotaEntity;
import io.orgcredentials.keycloak.quota.OrganizationLimits;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The per-organization limit. Every create locks the organization's quota row for the rest of its
 * transaction; the database makes creators on all nodes of a cluster take turns there, which is what keeps
 * the limit under concurrency (a count-then-create check alone would race). The row is only that lock, made again
 * when missing; the limit itself lives with the realm ({@link OrganizationLimits}).
 */
final class OrganizationQuotas {

    private static final Logger LOG = Logger.getLogger(OrganizationQuotas.class);

    private final KeycloakSession session;
    private final EntityManager em;

    OrganizationQuotas(KeycloakSession session) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** The limit in force for the organization: the realm admin's own, or the server-wide default. */
    public int limitOf(RealmModel realm, String organizationId) {
        return new OrganizationLimits(realm).of(organizationId)
                .orElseGet(() -> CredentialSettings.of(session).defaultLimit());
    }

    /** Sets the organization's own limit, under its quota lock so that concurrent changes take turns. */
    public void setLimit(RealmModel realm, String organizationId, int limit) {
        lock(realm.getId(), organizationId);
        new OrganizationLimits(realm).set(organizationId, limit);
    }

    /** The organization is being removed: its lock row and its own limit go with it. */
    public void removeOrganization(RealmModel realm, String organizationId) {
        removeOrganization(organizationId);
        new OrganizationLimits(realm).remove(organizationId);
    }

    /** Locks the organization's quota row until the current transaction ends, creating the row first if needed. */
    public OrganizationQuotaEntity lock(String realmId, String organizationId) {
        // An unlocked look first: a locking read of a missing row would take a gap lock (MariaDB, REPEATABLE READ)
        // that the insert in its own transaction would then wait on.
        OrganizationQuotaEntity quota = em.find(OrganizationQuotaEntity.class, organizationId);
        if (quota == null) {
            createInOwnTransaction(realmId, organizationId);
            // A locking read sees the latest committed row (a plain one might still see this transaction's snapshot).
            quota = em.find(OrganizationQuotaEntity.class, organizationId, LockModeType.PESSIMISTIC_WRITE);
        } else {
            // Reloaded under the lock: a lock taken on an entity already loaded would not refresh its limit.
            em.refresh(quota, LockModeType.PESSIMISTIC_WRITE);
        }
        if (quota == null) {
            throw new IllegalStateException("quota row for organization " + organizationId + " could not be created");
        }
        return quota;
    }

    private void removeOrganization(String organizationId) {
        em.createNamedQuery("occQuota.deleteByOrganization").setParameter("organizationId", organizationId)
                .executeUpdate();
    }

    public void removeRealm(String realmId) {
        em.createNamedQuery("occQuota.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
    }

    /**
     * The row is inserted in a transaction of its own (committed at once) so that concurrent creators can all
     * lock it; when two insert it at the same moment, one loses on the primary key, which is fine.
     */
    private void createInOwnTransaction(String realmId, String organizationId) {
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> {
                EntityManager ownEm = own.getProvider(JpaConnectionProvider.class).getEntityManager();
                if (ownEm.find(OrganizationQuotaEntity.class, organizationId) == null) {
                    ownEm.persist(new OrganizationQuotaEntity(organizationId, realmId));
                }
            });
        } catch (RuntimeException concurrentInsert) {
            LOG.debugf("quota row for organization %s was created concurrently: %s", organizationId,
                    concurrentInsert.getMessage());
        }
    }
}
