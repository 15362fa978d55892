package io.orgcredentials.keycloak.credential;

/**
 * A rule of the credential's life that a request breaks, with a sentence saying which. Domain code throws it
 * (so it can be tested without a server); the REST layer maps each {@link Kind} to one HTTP answer, in one place.
 */
public class CredentialException extends RuntimeException {

    /** Which rule; the REST layer's error code is derived from it. */
    public enum Kind {
        /** The input breaks a validation rule. */
        INVALID_INPUT,
        /** The organization already has as many credentials as its limit allows. */
        LIMIT_REACHED,
        /** The organization already has a credential of that name. */
        NAME_TAKEN,
        /** The realm (or this server) is not ready for credentials. */
        SETUP_REQUIRED,
        /** The credential has expired or cannot be used, so the change asked for would serve nothing. */
        NOT_ACTIVE,
        /** Another request changed the same credential at the same moment; this one changed nothing. */
        CONCURRENT_CHANGE,
        /** The change is for a credential with public keys, and this one has a secret. */
        NOT_A_KEY_CREDENTIAL,
        /** The change is for a credential with a secret, and this one has public keys. */
        NOT_A_SECRET_CREDENTIAL,
        /** The credential holds as many public keys as it may. */
        KEY_LIMIT_REACHED,
        /** The key is the credential's last one. */
        LAST_KEY,
        /** The credential has that key (or a key of that kid) already. */
        KEY_EXISTS,
        /** The credential has no key of that kid. */
        KEY_NOT_FOUND
    }

    private final Kind kind;

    public CredentialException(Kind kind, String description) {
        super(description, null, false, false);
        this.kind = kind;
    }

    public static CredentialException invalidInput(String description) {
        return new CredentialException(Kind.INVALID_INPUT, description);
    }

    public Kind kind() {
        return kind;
    }

    public String description() {
        return getMessage();
    }
}
