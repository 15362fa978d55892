package io.orgcredentials.keycloak.check;

import org.keycloak.OAuthErrorException;

/**
 * Why a credential gets no token: the OAuth error of the answer ({@code invalid_client}, or {@code invalid_scope} for
 * a scope outside the resource scopes), the reason its login event records (and the refusal metric counts), and a
 * sentence for the caller who showed the secret. The one word for it, from the check to the token endpoint's answer.
 */
public final class TokenRefusal extends Exception {

    private final String error;
    private final String reason;

    public TokenRefusal(String error, String reason, String description) {
        super(description, null, false, false);
        this.error = error;
        this.reason = reason;
    }

    /** A refusal of the credential itself: {@code invalid_client}. */
    public static TokenRefusal ofCredential(String reason, String description) {
        return new TokenRefusal(OAuthErrorException.INVALID_CLIENT, reason, description);
    }

    public String error() {
        return error;
    }

    public String reason() {
        return reason;
    }

    public String description() {
        return getMessage();
    }
}
