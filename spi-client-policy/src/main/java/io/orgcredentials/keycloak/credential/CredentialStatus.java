package io.orgcredentials.keycloak.credential;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a credential stands, computed at each call: the one vocabulary of the model, the store's filters and the
 * JSON {@code status} field ({@link #value()}).
 */
public enum CredentialStatus {
    /** Gets tokens. */
    ACTIVE,
    /** Past its expiry: listed until deleted, no tokens. */
    EXPIRED,
    /** Changed outside the extension, or lacking what it needs (a key, its service account): no tokens. */
    UNUSABLE;

    /** The JSON form: {@code active}, {@code expired}, {@code unusable}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status a JSON value names, or empty. */
    public static Optional<CredentialStatus> ofValue(String value) {
        for (CredentialStatus status : values()) {
            if (status.value().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
