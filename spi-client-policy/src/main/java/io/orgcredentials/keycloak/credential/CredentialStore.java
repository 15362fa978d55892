package io.orgcredentials.keycloak.credential;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** The credential index rows ({@link OrgCredentialEntity}) of the current transaction. */
public final class CredentialStore {

    /** Which credentials a listing wants. */
    public enum Status { ANY, ACTIVE, EXPIRED }

    private final EntityManager em;

    public CredentialStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public void add(OrgCredentialEntity credential) {
        em.persist(credential);
        em.flush();
    }

    public Optional<OrgCredentialEntity> byClient(String clientUuid) {
        return Optional.ofNullable(em.find(OrgCredentialEntity.class, clientUuid));
    }

    public Optional<OrgCredentialEntity> byName(String organizationId, String name) {
        return em.createNamedQuery("occCredential.byName", OrgCredentialEntity.class)
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

    /** Newest first; only credentials whose client exists (not marked removed). */
    public List<OrgCredentialEntity> list(String organizationId, Status status, Instant now, int first, int max) {
        TypedQuery<OrgCredentialEntity> query = switch (status) {
            case ANY -> em.createNamedQuery("occCredential.byOrganization", OrgCredentialEntity.class);
            case ACTIVE -> em.createNamedQuery("occCredential.activeByOrganization", OrgCredentialEntity.class)
                    .setParameter("now", now.getEpochSecond());
            case EXPIRED -> em.createNamedQuery("occCredential.expiredByOrganization", OrgCredentialEntity.class)
                    .setParameter("now", now.getEpochSecond());
        };
        return query.setParameter("organizationId", organizationId)
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultList();
    }

    /** Rows of clients Keycloak removed outside this extension; see {@link OrgCredentialEntity}. */
    public List<OrgCredentialEntity> removedOf(String organizationId) {
        return em.createNamedQuery("occCredential.removedByOrganization", OrgCredentialEntity.class)
                .setParameter("organizationId", organizationId)
                .getResultList();
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
}
