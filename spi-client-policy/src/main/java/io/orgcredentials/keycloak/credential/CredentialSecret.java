package io.orgcredentials.keycloak.credential;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.orgcredentials.keycloak.hashkey.HashKey;

/**
 * Makes credential secrets and the one-way value stored in their place.
 *
 * <p>A secret is 256 random bits from a CSPRNG, so a fast keyed hash is enough (no password-style KDF on the token
 * path). The stored value is an HMAC-SHA256 under one of the realm's hash keys of the secret and
 * what it is bound to ({@link CredentialBinding}): a client whose organization or expiry was changed behind the
 * extension's back no longer authenticates, and someone who can read and write every stored attribute still cannot
 * make a hash for a secret or an expiry of their choosing.
 *
 * <p>A new secret reads {@code kcocc_<43 base62 characters: the 256 bits><6 base62 characters: CRC32 of those 43>}:
 * a fixed prefix and a checksum, as GitHub's and other providers' tokens have, so that a leaked secret is found by
 * {@link #PATTERN} with almost no false positives, and a scanner can check the checksum to drop the rest. Secrets
 * made before this format (43 base64url characters) keep working: a secret is only ever compared with its hash.
 *
 * <p>Stored hash format: {@code v3:<key id>:<base64url HMAC>}, the key being one of the realm's hash keys
 * ({@link io.orgcredentials.keycloak.hashkey.HashKeys}), so that the hash moves with the realm's export and a key can be
 * rotated. Hashes of version 2 ({@code v2:<HMAC>}, under the one database-wide key of earlier versions, which the
 * upgrade moved into each realm as {@link HashKey#DATABASE_KEY_ID}) and of version 1 ({@code v1:}, a plain SHA-256 of
 * the same inputs, written before any key existed) are still verified, so those credentials keep working until they
 * are rotated or replaced.
 */
public final class CredentialSecret {

    /** 32 random bytes: 256 bits, above RFC 6749 §10.10's 160. */
    static final int SECRET_BYTES = 32;

    /** What every new secret starts with: "Keycloak organization client credential". */
    public static final String PREFIX = "kcocc_";

    /** A new-format secret, for secret scanners; {@link #hasValidChecksum} drops the rare accidental match. */
    public static final Pattern PATTERN = Pattern.compile("\\bkcocc_[0-9A-Za-z]{49}\\b");

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int RANDOM_CHARS = 43;
    private static final int CHECKSUM_CHARS = 6;
    static final String KEYED = "v3";
    static final String DATABASE_KEYED = "v2";
    static final String LEGACY = "v1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private CredentialSecret() {
    }

    /**
     * A fresh secret: the prefix, 256 random bits and a checksum, all letters, digits and one underscore, so that it
     * survives HTTP Basic, form fields, JSON and shells unescaped.
     */
    public static String generate() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        String random = base62(new BigInteger(1, bytes), RANDOM_CHARS);
        return PREFIX + random + checksum(random);
    }

    /** Whether text is a secret of the current format whose checksum holds (what a scanner's verifier checks). */
    public static boolean hasValidChecksum(String text) {
        if (text == null || text.length() != PREFIX.length() + RANDOM_CHARS + CHECKSUM_CHARS
                || !PATTERN.matcher(text).matches()) {
            return false;
        }
        String random = text.substring(PREFIX.length(), PREFIX.length() + RANDOM_CHARS);
        return checksum(random).equals(text.substring(PREFIX.length() + RANDOM_CHARS));
    }

    private static String checksum(String random) {
        CRC32 crc = new CRC32();
        crc.update(random.getBytes(StandardCharsets.US_ASCII));
        return base62(BigInteger.valueOf(crc.getValue()), CHECKSUM_CHARS);
    }

    /** Base62, left-padded with '0' to exactly {@code width} characters (the value always fits). */
    private static String base62(BigInteger value, int width) {
        StringBuilder text = new StringBuilder();
        BigInteger base = BigInteger.valueOf(BASE62.length());
        BigInteger rest = value;
        while (rest.signum() > 0) {
            BigInteger[] division = rest.divideAndRemainder(base);
            text.append(BASE62.charAt(division[1].intValue()));
            rest = division[0];
        }
        while (text.length() < width) {
            text.append('0');
        }
        return text.reverse().toString();
    }

    /** The value stored for a secret; never reversible to the secret, and not computable without the key. */
    public static String hash(String secret, CredentialBinding binding, HashKey key) {
        return KEYED + ":" + key.kid() + ":" + ENCODER.encodeToString(
                hmac(key.secret(), KEYED + "\n" + key.kid() + "\n" + binding.canonical(), secret));
    }

    /** Whether a stored hash is of version 1: a plain digest that anyone can compute, without any key. */
    public static boolean isUnkeyed(String storedHash) {
        return storedHash != null && storedHash.startsWith(LEGACY + ":");
    }

    /**
     * The id of the hash key a stored hash was made with: named in a version 3 hash, the former database key for
     * version 2, and null for the unkeyed version 1 and for anything unreadable.
     */
    public static String keyId(String storedHash) {
        if (storedHash == null) {
            return null;
        }
        if (storedHash.startsWith(KEYED + ":")) {
            String rest = storedHash.substring(KEYED.length() + 1);
            int colon = rest.indexOf(':');
            return colon > 0 ? rest.substring(0, colon) : null;
        }
        return storedHash.startsWith(DATABASE_KEYED + ":") ? HashKey.DATABASE_KEY_ID : null;
    }

    /**
     * Constant-time check of a presented secret against a stored hash; {@code keys} gives the material of an enabled
     * key by its id (null when the realm has no such key, which matches nothing).
     */
    public static boolean matches(String presentedSecret, String storedHash, CredentialBinding binding,
                                  Function<String, byte[]> keys) {
        if (presentedSecret == null || storedHash == null) {
            return false;
        }
        if (storedHash.startsWith(KEYED + ":")) {
            String kid = keyId(storedHash);
            byte[] key = kid == null ? null : keys.apply(kid);
            byte[] expected = key == null ? null : decode(storedHash.substring(KEYED.length() + kid.length() + 2));
            return expected != null && MessageDigest.isEqual(expected,
                    hmac(key, KEYED + "\n" + kid + "\n" + binding.canonical(), presentedSecret));
        }
        if (storedHash.startsWith(DATABASE_KEYED + ":")) {
            byte[] key = keys.apply(HashKey.DATABASE_KEY_ID);
            byte[] expected = key == null ? null : decode(storedHash.substring(DATABASE_KEYED.length() + 1));
            return expected != null && MessageDigest.isEqual(expected,
                    hmac(key, DATABASE_KEYED + "\n" + binding.legacyCanonical(), presentedSecret));
        }
        if (storedHash.startsWith(LEGACY + ":")) {
            byte[] expected = decode(storedHash.substring(LEGACY.length() + 1));
            return expected != null && MessageDigest.isEqual(expected, legacyDigest(presentedSecret, binding));
        }
        return false;
    }

    /** HMAC-SHA256 under {@code key} of a label that names the use and version, then the secret or sealed text. */
    static byte[] hmac(byte[] key, String label, String value) {
        Mac mac = KeyedMac.forKey(key);
        mac.update(("org-client-credentials/" + label).getBytes(StandardCharsets.UTF_8));
        return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] decode(String text) {
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException damaged) {
            return null;
        }
    }

    /**
     * Each thread's HMAC, kept initialized with the last key it used: every token request checks a secret, and
     * looking up the algorithm's provider and deriving the key's pads again each time costs more than the hash.
     */
    private record KeyedMac(byte[] key, Mac mac) {

        private static final ThreadLocal<KeyedMac> CURRENT = new ThreadLocal<>();

        static Mac forKey(byte[] key) {
            KeyedMac kept = CURRENT.get();
            if (kept == null || !java.util.Arrays.equals(kept.key, key)) {
                kept = new KeyedMac(key.clone(), newMac(key));
                CURRENT.set(kept);
            }
            kept.mac.reset();
            return kept.mac;
        }

        private static Mac newMac(byte[] key) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
            }
        }
    }

    /** Version 1, verification only: SHA-256 over the same inputs, without a key. */
    static byte[] legacyDigest(String secret, CredentialBinding binding) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(("org-client-credentials/" + LEGACY + "\n" + binding.legacyCanonical()).getBytes(StandardCharsets.UTF_8));
            return sha256.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
