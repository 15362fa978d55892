package io.orgcredentials.keycloak.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes credential secrets and the one-way value stored in their place.
 *
 * <p>A secret is 256 random bits from a CSPRNG, so a fast hash is enough (no password-style KDF on the token
 * path). The hash binds the secret to the credential ({@link CredentialBinding}): a client whose organization or
 * expiry was changed behind the extension's back (say, by a partial import) no longer authenticates, instead of
 * quietly living longer.
 */
public final class CredentialSecret {

    /** 32 random bytes: 256 bits, above RFC 6749 §10.10's 160. */
    static final int SECRET_BYTES = 32;
    private static final String VERSION = "v1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private CredentialSecret() {
    }

    /** A fresh secret, URL-safe so that it survives HTTP Basic, form fields and shells unescaped. */
    public static String generate() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** The value stored for a secret; never reversible to the secret. */
    public static String hash(String secret, CredentialBinding binding) {
        return VERSION + ":" + ENCODER.encodeToString(digest(secret, binding));
    }

    /** Constant-time check of a presented secret against a stored hash. */
    public static boolean matches(String presentedSecret, String storedHash, CredentialBinding binding) {
        if (presentedSecret == null || storedHash == null || !storedHash.startsWith(VERSION + ":")) {
            return false;
        }
        byte[] expected;
        try {
            expected = Base64.getUrlDecoder().decode(storedHash.substring(VERSION.length() + 1));
        } catch (IllegalArgumentException damaged) {
            return false;
        }
        return MessageDigest.isEqual(expected, digest(presentedSecret, binding));
    }

    private static byte[] digest(String secret, CredentialBinding binding) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(("org-client-credentials/" + VERSION + "\n" + binding.canonical()).getBytes(StandardCharsets.UTF_8));
            return sha256.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
