package io.orgcredentials.keycloak.credential.jpa;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.orgcredentials.keycloak.credential.CredentialEntry;
import io.orgcredentials.keycloak.credential.CredentialStatus;
import io.orgcredentials.keycloak.credential.jpa.entity.CredentialIndexEntity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.entities.ClientAttributeEntity;

/** The credential index rows ({@link CredentialIndexEntity}) of the current transaction. */
final class CredentialStore {

    private final EntityManager em;

    CredentialStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public void add(CredentialIndexEntity credential) {
        em.persist(credential);
        em.flush();
    }

    public Optional<CredentialIndexEntity> byClient(String clientUuid) {
        return Optional.ofNullable(em.find(CredentialIndexEntity.class, clientUuid));
    }

    public Optional<CredentialIndexEntity> byName(String organizationId, String name) {
        return em.createNamedQuery("occCredential.byName", CredentialIndexEntity.class)
                .setParameter("organizationId", organizationId)
                .setParameter("name", name)
                .getResultStream().findFirst();
    }

    /**
     * Counts with a locking read, so that it sees every committed row even under REPEATABLE READ (MariaDB and
     * MySQL's default), where a plain read could come from a snapshot taken before the quota lock was granted.
     */
    public int countForUpdate(String organizationId) {
        return em.createNamedQuery("occCredential.idsByOrganization", String.class)
                .setParameter("organizationId", organizationId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList().size();
    }

    public long count(String organizationId) {
        return em.createNamedQuery("occCredential.countByOrganization", Long.class)
                .setParameter("organizationId", organizationId)
                .getSingleResult();
    }

    public List<String> clientUuidsOf(String organizationId) {
        return em.createNamedQuery("occCredential.idsByOrganization", String.class)
                .setParameter("organizationId", organizationId)
                .getResultList();
    }

    /**
     * Newest first; only credentials whose client exists (not marked removed). {@code status} null: all; ACTIVE and
     * EXPIRED by expiry (the index cannot tell UNUSABLE, which is no filter).
     */
    public List<CredentialIndexEntity> list(String organizationId, CredentialStatus status, Instant now, int first,
                                          int max) {
        TypedQuery<CredentialIndexEntity> query = status == null
                ? em.createNamedQuery("occCredential.byOrganization", CredentialIndexEntity.class)
                : switch (status) {
            case ACTIVE -> em.createNamedQuery("occCredential.activeByOrganization", CredentialIndexEntity.class)
                    .setParameter("now", now.getEpochSecond());
            case EXPIRED -> em.createNamedQuery("occCredential.expiredByOrganization", CredentialIndexEntity.class)
                    .setParameter("now", now.getEpochSecond());
            case UNUSABLE -> throw new IllegalArgumentException("the index does not know which credentials are unusable");
        };
        return query.setParameter("organizationId", organizationId)
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultList();
    }

    /** Rows of clients Keycloak removed outside this extension; see {@link CredentialIndexEntity}. */
    public List<CredentialIndexEntity> removedOf(String organizationId) {
        return em.createNamedQuery("occCredential.removedByOrganization", CredentialIndexEntity.class)
                .setParameter("organizationId", organizationId)
                .getResultList();
    }

    /**
     * Records that the credential got a token at {@code now}, unless a record newer than {@code staleBefore} exists
     * (written by any node): at most one write per credential and interval. Whether it wrote.
     */
    public boolean recordUse(String clientUuid, Instant now, Instant staleBefore) {
        return em.createNamedQuery("occCredential.recordUse").setParameter("clientUuid", clientUuid)
                .setParameter("now", now.getEpochSecond())
                .setParameter("staleBefore", staleBefore.getEpochSecond()).executeUpdate() > 0;
    }

    /**
     * Credentials of every realm expiring by {@code horizon} (and after {@code oldest}) whose at-expiry notice is not
     * out, in (expiry, client uuid) order after {@code after} (null: from the start). Paged by that key rather than by
     * offset, so that rows claimed meanwhile do not shift the next page.
     */
    public List<CredentialIndexEntity> dueForNotice(Instant horizon, Instant oldest, CredentialEntry after, int max) {
        return em.createNamedQuery("occCredential.dueForNotice", CredentialIndexEntity.class)
                .setParameter("horizon", horizon.getEpochSecond())
                .setParameter("oldest", oldest.getEpochSecond())
                .setParameter("afterExpiresAt", after == null ? oldest.getEpochSecond() : after.expiresAt().getEpochSecond())
                .setParameter("afterClientUuid", after == null ? "" : after.clientUuid())
                .setMaxResults(max)
                .getResultList();
    }

    /**
     * Claims the notice for {@code days} before expiry: true for exactly one caller across the cluster, and only if
     * no notice for as few days or fewer went out before.
     */
    public boolean claimNotice(String clientUuid, int days) {
        return em.createNamedQuery("occCredential.claimNotice").setParameter("clientUuid", clientUuid)
                .setParameter("days", days).executeUpdate() > 0;
    }

    /** Credentials per realm id that are not expired at {@code now} (ACTIVE) or are (EXPIRED). */
    public java.util.Map<String, Long> countByRealm(CredentialStatus status, Instant now) {
        String query = switch (status) {
            case ACTIVE -> "occCredential.countActiveByRealm";
            case EXPIRED -> "occCredential.countExpiredByRealm";
            case UNUSABLE -> throw new IllegalArgumentException("the index does not know which credentials are unusable");
        };
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        em.createNamedQuery(query, Object[].class)
                .setParameter("now", now.getEpochSecond())
                .getResultList()
                .forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
        return counts;
    }

    /**
     * Claims this period of a task that one node of the cluster runs per period: true for the first caller whose
     * task row was last run before {@code dueBefore}; the claim is the row's new last run.
     */
    public boolean claimScheduledRun(String task, Instant now, Instant dueBefore) {
        return em.createNamedQuery("occScheduledRun.claim")
                .setParameter("taskName", task)
                .setParameter("now", now.getEpochSecond())
                .setParameter("dueBefore", dueBefore.getEpochSecond())
                .executeUpdate() > 0;
    }

    /** Credentials per organization of a realm. */
    public java.util.Map<String, Long> countByOrganization(String realmId) {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        em.createNamedQuery("occCredential.countByOrganizationOfRealm", Object[].class)
                .setParameter("realmId", realmId)
                .getResultList()
                .forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
        return counts;
    }

    public void markRemoved(String clientUuid, Instant now) {
        em.createNamedQuery("occCredential.markRemoved").setParameter("clientUuid", clientUuid)
                .setParameter("now", now.getEpochSecond()).executeUpdate();
    }

    public void removeByClient(String clientUuid) {
        em.createNamedQuery("occCredential.deleteByClient").setParameter("clientUuid", clientUuid).executeUpdate();
    }

    public void removeByOrganization(String organizationId) {
        em.createNamedQuery("occCredential.deleteByOrganization").setParameter("organizationId", organizationId)
                .executeUpdate();
    }

    public void removeByRealm(String realmId) {
        em.createNamedQuery("occCredential.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
    }

    /**
     * Locks one attribute row of a client until the transaction ends, and tells whether its value is still the one
     * this request saw ({@code seen}, through Keycloak's cache) and the one this transaction would write on. A
     * locking read sees the latest committed value on every database (a plain one may still see this
     * transaction's snapshot: MariaDB, REPEATABLE READ); so of two changes at the same moment, the second waits for
     * the first and then learns that it was overtaken.
     */
    public boolean lockUnchanged(String clientUuid, String attribute, String seen) {
        List<ClientAttributeEntity> rows = em.createQuery("select a from ClientAttributeEntity a"
                        + " where a.client.id = :clientUuid and a.name = :name", ClientAttributeEntity.class)
                .setParameter("clientUuid", clientUuid)
                .setParameter("name", attribute)
                .getResultList();
        if (rows.size() != 1) {
            return false;
        }
        ClientAttributeEntity row = rows.get(0);
        String known = row.getValue();
        em.refresh(row, LockModeType.PESSIMISTIC_WRITE);
        return seen != null && seen.equals(known) && seen.equals(row.getValue());
    }
}
