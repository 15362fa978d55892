package io.orgcredentials.keycloak.credential;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The key of the credential secrets' HMAC ({@link SecretHashKey}): one row, made on first use. It lives only in
 * Keycloak's database, where no admin API, export or event shows it.
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

    SecretHashKeyEntity(String id, String keyValue, long createdAt) {
        this.id = id;
        this.keyValue = keyValue;
        this.createdAt = createdAt;
    }

    String getKeyValue() {
        return keyValue;
    }
}
