package io.orgcredentials.keycloak.credential;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One row per credential: the index the admin API lists, pages and counts by organization, and the unique
 * (organization, name) constraint. The client attributes ({@link OrgClientCredential}) stay what the token
 * path reads; this row is written and removed with the client, in the same transaction.
 */
@Entity
@Table(name = "OCC_CREDENTIAL")
@NamedQueries({
        @NamedQuery(name = "occCredential.idsByOrganization",
                query = "select c.clientId from OrgCredentialEntity c where c.organizationId = :organizationId"),
        @NamedQuery(name = "occCredential.byOrganization",
                query = "select c from OrgCredentialEntity c where c.organizationId = :organizationId"
                        + " order by c.createdAt desc, c.clientId"),
        @NamedQuery(name = "occCredential.activeByOrganization",
                query = "select c from OrgCredentialEntity c where c.organizationId = :organizationId"
                        + " and c.expiresAt > :now order by c.createdAt desc, c.clientId"),
        @NamedQuery(name = "occCredential.expiredByOrganization",
                query = "select c from OrgCredentialEntity c where c.organizationId = :organizationId"
                        + " and c.expiresAt <= :now order by c.createdAt desc, c.clientId"),
        @NamedQuery(name = "occCredential.byName",
                query = "select c from OrgCredentialEntity c where c.organizationId = :organizationId and c.name = :name"),
        @NamedQuery(name = "occCredential.countByOrganization",
                query = "select count(c) from OrgCredentialEntity c where c.organizationId = :organizationId"),
        @NamedQuery(name = "occCredential.deleteByRealm",
                query = "delete from OrgCredentialEntity c where c.realmId = :realmId"),
        @NamedQuery(name = "occCredential.deleteByClient",
                query = "delete from OrgCredentialEntity c where c.clientId = :clientId"),
})
public class OrgCredentialEntity {

    /** The internal id of the Keycloak client (CLIENT.ID), not its clientId. */
    @Id
    @Column(name = "CLIENT_ID", length = 36)
    private String clientId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ORGANIZATION_ID", length = 36, nullable = false)
    private String organizationId;

    @Column(name = "NAME", length = 255, nullable = false)
    private String name;

    /** Epoch seconds. */
    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    /** Epoch seconds. */
    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    protected OrgCredentialEntity() {
    }

    public OrgCredentialEntity(String clientId, String realmId, String organizationId, String name, long createdAt,
                            long expiresAt) {
        this.clientId = clientId;
        this.realmId = realmId;
        this.organizationId = organizationId;
        this.name = name;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public String getClientId() {
        return clientId;
    }

    public String getRealmId() {
        return realmId;
    }

    public String getOrganizationId() {
        return organizationId;
    }

    public String getName() {
        return name;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public long getExpiresAt() {
        return expiresAt;
    }
}
