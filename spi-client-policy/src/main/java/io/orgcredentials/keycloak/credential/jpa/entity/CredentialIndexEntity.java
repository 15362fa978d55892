package io.orgcredentials.keycloak.credential.jpa.entity;

import java.time.Instant;

import io.orgcredentials.keycloak.credential.CredentialEntry;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One row per credential: the index the admin API lists, pages and counts by organization, and the unique
 * (organization, name) constraint. The client attributes (the credential's {@code Credential}) stay what the token
 * path reads; this row is written with the client, in the same transaction.
 *
 * <p>When Keycloak removes the client by any other path than this extension's delete, the row is not deleted
 * but marked removed ({@code REMOVED_AT}): it then no longer counts against the limit, and if the same client
 * comes back (a partial import re-creates a client under its old id) the listing still knows it and shows it
 * as unusable instead of losing sight of it.
 */
@Entity
@Table(name = "OCC_CREDENTIAL")
@NamedQueries({
        @NamedQuery(name = "occCredential.idsByOrganization",
                query = "select c.clientUuid from CredentialIndexEntity c where c.organizationId = :organizationId"
                        + " and c.removedAt is null"),
        @NamedQuery(name = "occCredential.removedByOrganization",
                query = "select c from CredentialIndexEntity c where c.organizationId = :organizationId"
                        + " and c.removedAt is not null order by c.createdAt desc, c.clientUuid"),
        @NamedQuery(name = "occCredential.byOrganization",
                query = "select c from CredentialIndexEntity c where c.organizationId = :organizationId"
                        + " and c.removedAt is null order by c.createdAt desc, c.clientUuid"),
        @NamedQuery(name = "occCredential.activeByOrganization",
                query = "select c from CredentialIndexEntity c where c.organizationId = :organizationId"
                        + " and c.removedAt is null and c.expiresAt > :now order by c.createdAt desc, c.clientUuid"),
        @NamedQuery(name = "occCredential.expiredByOrganization",
                query = "select c from CredentialIndexEntity c where c.organizationId = :organizationId"
                        + " and c.removedAt is null and c.expiresAt <= :now order by c.createdAt desc, c.clientUuid"),
        @NamedQuery(name = "occCredential.byName",
                query = "select c from CredentialIndexEntity c where c.organizationId = :organizationId and c.name = :name"),
        @NamedQuery(name = "occCredential.countByOrganization",
                query = "select count(c) from CredentialIndexEntity c where c.organizationId = :organizationId"
                        + " and c.removedAt is null"),
        @NamedQuery(name = "occCredential.markRemoved",
                query = "update CredentialIndexEntity c set c.removedAt = :now where c.clientUuid = :clientUuid"
                        + " and c.removedAt is null"),
        @NamedQuery(name = "occCredential.recordUse",
                query = "update CredentialIndexEntity c set c.lastUsedAt = :now where c.clientUuid = :clientUuid"
                        + " and (c.lastUsedAt is null or c.lastUsedAt <= :staleBefore)"),
        @NamedQuery(name = "occCredential.dueForNotice",
                query = "select c from CredentialIndexEntity c where c.removedAt is null and c.expiresAt <= :horizon"
                        + " and c.expiresAt > :oldest and (c.noticeDays is null or c.noticeDays > 0)"
                        + " and (c.expiresAt > :afterExpiresAt"
                        + " or (c.expiresAt = :afterExpiresAt and c.clientUuid > :afterClientUuid))"
                        + " order by c.expiresAt, c.clientUuid"),
        @NamedQuery(name = "occCredential.claimNotice",
                query = "update CredentialIndexEntity c set c.noticeDays = :days where c.clientUuid = :clientUuid"
                        + " and (c.noticeDays is null or c.noticeDays > :days)"),
        @NamedQuery(name = "occCredential.countByOrganizationOfRealm",
                query = "select c.organizationId, count(c) from CredentialIndexEntity c where c.realmId = :realmId"
                        + " and c.removedAt is null group by c.organizationId"),
        @NamedQuery(name = "occCredential.countActiveByRealm",
                query = "select c.realmId, count(c) from CredentialIndexEntity c where c.removedAt is null"
                        + " and c.expiresAt > :now group by c.realmId"),
        @NamedQuery(name = "occCredential.countExpiredByRealm",
                query = "select c.realmId, count(c) from CredentialIndexEntity c where c.removedAt is null"
                        + " and c.expiresAt <= :now group by c.realmId"),
        @NamedQuery(name = "occCredential.deleteByRealm",
                query = "delete from CredentialIndexEntity c where c.realmId = :realmId"),
        @NamedQuery(name = "occCredential.deleteByOrganization",
                query = "delete from CredentialIndexEntity c where c.organizationId = :organizationId"),
        @NamedQuery(name = "occCredential.deleteByClient",
                query = "delete from CredentialIndexEntity c where c.clientUuid = :clientUuid"),
})
public class CredentialIndexEntity {

    /** The internal id of the Keycloak client (CLIENT.ID). */
    @Id
    @Column(name = "CLIENT_UUID", length = 36)
    private String clientUuid;

    /** The client's public clientId, to find a client an import re-created under a new internal id. */
    @Column(name = "CLIENT_ID", length = 255, nullable = false)
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

    /** Epoch seconds at which Keycloak removed the client outside this extension; null while it exists. */
    @Column(name = "REMOVED_AT")
    private Long removedAt;

    /** Epoch seconds of a token issued to the credential, at most one last-used interval stale; null if never. */
    @Column(name = "LAST_USED_AT")
    private Long lastUsedAt;

    /** The smallest number of days-before-expiry an expiry notice went out for; null before the first. */
    @Column(name = "NOTICE_DAYS")
    private Integer noticeDays;

    protected CredentialIndexEntity() {
    }

    public CredentialIndexEntity(String clientUuid, String clientId, String realmId, String organizationId, String name,
                               long createdAt, long expiresAt) {
        this.clientUuid = clientUuid;
        this.clientId = clientId;
        this.realmId = realmId;
        this.organizationId = organizationId;
        this.name = name;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public String getClientUuid() {
        return clientUuid;
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

    public Long getRemovedAt() {
        return removedAt;
    }

    public Long getLastUsedAt() {
        return lastUsedAt;
    }

    public Integer getNoticeDays() {
        return noticeDays;
    }

    /** The row as the credential domain sees it. */
    public CredentialEntry toEntry() {
        return new CredentialEntry(clientUuid, clientId, realmId, organizationId, name, Instant.ofEpochSecond(createdAt),
                Instant.ofEpochSecond(expiresAt), lastUsedAt == null ? null : Instant.ofEpochSecond(lastUsedAt),
                removedAt == null ? null : Instant.ofEpochSecond(removedAt), noticeDays);
    }

    /** What the client's attributes say of notices sent, when the row is rebuilt from them. */
    public void setNoticeDays(Integer noticeDays) {
        this.noticeDays = noticeDays;
    }
}
