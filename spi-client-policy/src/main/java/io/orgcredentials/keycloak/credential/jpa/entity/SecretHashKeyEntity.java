package io.orgcredentials.keycloak.credential.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The one database-wide key that versions before 0.5 hashed secrets with (id "v2"). Read once, by the upgrade that
 * moves it into each realm as a hash key ({@link io.orgcredentials.keycloak.hashkey.HashKey#DATABASE_KEY_ID}); never
 * written any more. The row is left in place so that an earlier version still runs on this database.
 */
@Entity
@Table(name = "OCC_SECRET_HASH_KEY")
public class SecretHashKeyEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    /** 32 random bytes, base64. */
    @Column(name = "KEY_VALUE", length = 255, nullable = false)
    private String keyValue;

    /** Epoch seconds. */
    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    protected SecretHashKeyEntity() {
    }

    /** The row earlier versions wrote. */
    public static final String ID = "v2";

    public String getKeyValue() {
        return keyValue;
    }
}
