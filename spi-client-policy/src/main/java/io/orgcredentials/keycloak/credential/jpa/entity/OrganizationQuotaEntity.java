package io.orgcredentials.keycloak.credential.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One row per organization that has ever had credentials: the row every create locks, so that creators on
 * any node of a cluster take turns. Its limit column is what versions before 0.5 kept of a realm admin's own limit;
 * the upgrade moves it to the realm ({@link OrganizationLimits}) and clears it.
 */
@Entity
@Table(name = "OCC_ORGANIZATION_QUOTA")
@NamedQueries({
        @NamedQuery(name = "occQuota.deleteByRealm",
                query = "delete from OrganizationQuotaEntity q where q.realmId = :realmId"),
        @NamedQuery(name = "occQuota.deleteByOrganization",
                query = "delete from OrganizationQuotaEntity q where q.organizationId = :organizationId"),
})
public class OrganizationQuotaEntity {

    @Id
    @Column(name = "ORGANIZATION_ID", length = 36)
    private String organizationId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** Written by versions before 0.5 only; null once the upgrade moved it to {@link OrganizationLimits}. */
    @Column(name = "CREDENTIAL_LIMIT")
    private Integer credentialLimit;

    protected OrganizationQuotaEntity() {
    }

    public OrganizationQuotaEntity(String organizationId, String realmId) {
        this.organizationId = organizationId;
        this.realmId = realmId;
    }

    public String getOrganizationId() {
        return organizationId;
    }

    public String getRealmId() {
        return realmId;
    }

    public Integer getCredentialLimit() {
        return credentialLimit;
    }

    public void setCredentialLimit(Integer credentialLimit) {
        this.credentialLimit = credentialLimit;
    }
}
