package io.orgcredentials.keycloak.credential;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import io.orgcredentials.keycloak.hashkey.HashKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialSecretTest {

    private static final Instant EXPIRY = Instant.parse("2027-05-22T00:00:00Z");
    private static final CredentialBinding BINDING =
            new CredentialBinding("client-1", "uuid-1", 1_795_000_000_123L, "org-1", EXPIRY);
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] OTHER_KEY = "fedcba9876543210fedcba9876543210".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final HashKey K1 = key("k1", KEY);
    private static final HashKey K2 = key("k2", OTHER_KEY);
    /** The realm's keys: k1, k2 and the former database key (with k1's material). */
    private static final java.util.function.Function<String, byte[]> KEYS = kid -> switch (kid) {
        case "k1", HashKey.DATABASE_KEY_ID -> KEY;
        case "k2" -> OTHER_KEY;
        default -> null;
    };

    private static HashKey key(String kid, byte[] secret) {
        return new HashKey(kid, secret, true, true, 100, "component-" + kid, "key " + kid);
    }

    @Test
    void secretsCarryAPrefix256RandomBitsAndAChecksumInUrlSafeText() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String secret = CredentialSecret.generate();
            assertThat(secret).hasSize(6 + 43 + 6).startsWith("kcocc_").matches("[A-Za-z0-9_]+");
            assertThat(CredentialSecret.PATTERN.matcher("token: " + secret + "\n").find()).isTrue();
            assertThat(CredentialSecret.hasValidChecksum(secret)).isTrue();
            assertThat(seen.add(secret)).isTrue();
        }
    }

    /** The documented scanner rule: the pattern finds new secrets, the checksum drops look-alikes. */
    @Test
    void lookAlikesFailTheChecksumAndOtherTextFailsThePattern() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        int valid = 0;
        for (int i = 0; i < 100_000; i++) {
            StringBuilder lookAlike = new StringBuilder("kcocc_");
            for (int c = 0; c < 49; c++) {
                lookAlike.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(CredentialSecret.PATTERN.matcher(lookAlike).matches()).isTrue();
            valid += CredentialSecret.hasValidChecksum(lookAlike.toString()) ? 1 : 0;
        }
        assertThat(valid).as("random strings of the right shape with a valid checksum").isZero();

        String secret = CredentialSecret.generate();
        char flipped = secret.charAt(20) == 'a' ? 'b' : 'a';
        assertThat(CredentialSecret.hasValidChecksum(secret.substring(0, 20) + flipped + secret.substring(21))).isFalse();
        // Secrets of the earlier format, other providers' tokens and plain words are not matched.
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String earlier = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        for (String other : java.util.List.of(earlier, "ghp_" + "a".repeat(36), "kcocc_short", "kcocc_" + "a".repeat(50),
                "xkcocc_" + "a".repeat(49))) {
            assertThat(CredentialSecret.PATTERN.matcher(other).find()).as(other).isFalse();
        }
    }

    @Test
    void secretsOfTheEarlierFormatKeepVerifying() {
        byte[] bytes = new byte[32];
        new java.util.Random(7).nextBytes(bytes);
        String earlier = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String stored = CredentialSecret.hash(earlier, BINDING, K1);
        assertThat(CredentialSecret.matches(earlier, stored, BINDING, KEYS)).isTrue();
    }

    @Test
    void theHashVerifiesTheSecretAndNothingElse() {
        String secret = CredentialSecret.generate();
        String hash = CredentialSecret.hash(secret, BINDING, K1);
        assertThat(hash).startsWith("v3:k1:").doesNotContain(secret);
        assertThat(CredentialSecret.keyId(hash)).isEqualTo("k1");
        assertThat(CredentialSecret.matches(secret, hash, BINDING, KEYS)).isTrue();
        assertThat(CredentialSecret.matches(secret + "x", hash, BINDING, KEYS)).isFalse();
        assertThat(CredentialSecret.matches("", hash, BINDING, KEYS)).isFalse();
        assertThat(CredentialSecret.matches(null, hash, BINDING, KEYS)).isFalse();
    }

    @Test
    void changingAnyBoundValueBreaksTheHash() {
        String secret = CredentialSecret.generate();
        String hash = CredentialSecret.hash(secret, BINDING, K1);
        assertThat(CredentialSecret.matches(secret, hash,
                new CredentialBinding("client-2", "uuid-1", 1_795_000_000_123L, "org-1", EXPIRY), KEYS)).isFalse();
        assertThat(CredentialSecret.matches(secret, hash,
                new CredentialBinding("client-1", "uuid-2", 1_795_000_000_123L, "org-1", EXPIRY), KEYS)).isFalse();
        // Version 3 leaves out when Keycloak stored the client: an import stores it anew (the seal binds the client).
        assertThat(CredentialSecret.matches(secret, hash,
                new CredentialBinding("client-1", "uuid-1", 1_795_000_999_000L, "org-1", EXPIRY), KEYS)).as("imported client")
                .isTrue();
        assertThat(CredentialSecret.matches(secret, hash, BINDING, kid -> null)).as("key not in the realm").isFalse();
        String otherKeyName = hash.replace("v3:k1:", "v3:k2:");
        assertThat(CredentialSecret.matches(secret, otherKeyName, BINDING, KEYS)).as("another key named").isFalse();
        assertThat(CredentialSecret.matches(secret, hash,
                new CredentialBinding("client-1", "uuid-1", 1_795_000_000_123L, "org-2", EXPIRY), KEYS)).isFalse();
        assertThat(CredentialSecret.matches(secret, hash,
                new CredentialBinding("client-1", "uuid-1", 1_795_000_000_123L, "org-1", EXPIRY.plusSeconds(86400)), KEYS))
                .as("extended expiry").isFalse();
    }

    @Test
    void aDamagedHashNeverMatches() {
        String secret = CredentialSecret.generate();
        assertThat(CredentialSecret.matches(secret, null, BINDING, KEYS)).isFalse();
        assertThat(CredentialSecret.matches(secret, secret, BINDING, KEYS)).isFalse();
        assertThat(CredentialSecret.matches(secret, "v1:%%%not-base64", BINDING, KEYS)).isFalse();
        assertThat(CredentialSecret.matches(secret, "v2:" + secret, BINDING, KEYS)).isFalse();
        assertThat(CredentialSecret.matches(secret, "v3:" + secret, BINDING, KEYS)).isFalse();
        assertThat(CredentialSecret.matches(secret, "v3:k1:" + secret, BINDING, KEYS)).isFalse();
        assertThat(CredentialSecret.matches(secret, "v3::abc", BINDING, KEYS)).isFalse();
        assertThat(CredentialSecret.keyId("v3:" + secret)).isNull();
    }

    @Test
    void theHashIsTheStandardHmacWhateverKeysAndThreadsCameBefore() throws Exception {
        String secret = CredentialSecret.generate();
        String expected = "v3:k1:" + standardHmac(KEY, "v3\nk1\n" + BINDING.canonical(), secret);
        String expectedOther = "v3:k2:" + standardHmac(OTHER_KEY, "v3\nk2\n" + BINDING.canonical(), secret);
        // The thread keeps its HMAC initialized with the last key: switching keys back and forth must not mix them.
        for (int i = 0; i < 3; i++) {
            assertThat(CredentialSecret.hash(secret, BINDING, K1)).isEqualTo(expected);
            assertThat(CredentialSecret.hash(secret, BINDING, K2)).isEqualTo(expectedOther);
            assertThat(CredentialSecret.hash(secret, BINDING, key("k1", KEY.clone()))).as("equal key, other array")
                    .isEqualTo(expected);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<String>> hashes = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) {
                HashKey key = i % 2 == 0 ? K1 : K2;
                hashes.add(pool.submit(() -> CredentialSecret.hash(secret, BINDING, key)));
            }
            for (int i = 0; i < hashes.size(); i++) {
                assertThat(hashes.get(i).get()).isEqualTo(i % 2 == 0 ? expected : expectedOther);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** HMAC-SHA256 over the documented input, computed from scratch with the JDK. */
    private static String standardHmac(byte[] key, String label, String secret) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        mac.update(("org-client-credentials/" + label).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void withoutTheKeyNoHashCanBeMadeOrChecked() {
        String secret = CredentialSecret.generate();
        String hash = CredentialSecret.hash(secret, BINDING, K1);
        assertThat(CredentialSecret.matches(secret, hash, BINDING, kid -> OTHER_KEY)).isFalse();
        assertThat(CredentialSecret.hash(secret, BINDING, key("k1", OTHER_KEY))).isNotEqualTo(hash);
        // Someone who knows every bound value but not the key computes the unkeyed digest: it is not the hash.
        String unkeyed = "v2:" + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(CredentialSecret.legacyDigest(secret, BINDING));
        assertThat(CredentialSecret.matches(secret, unkeyed, BINDING, KEYS)).isFalse();
    }

    @Test
    void hashesOfVersionOneStillVerify() {
        String secret = CredentialSecret.generate();
        String legacy = "v1:" + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(CredentialSecret.legacyDigest(secret, BINDING));
        assertThat(CredentialSecret.matches(secret, legacy, BINDING, kid -> {
            throw new AssertionError("a version-1 hash needs no key");
        })).isTrue();
        assertThat(CredentialSecret.matches(secret + "x", legacy, BINDING, KEYS)).isFalse();
        assertThat(CredentialSecret.keyId(legacy)).isNull();
    }

    /**
     * Hashes of version 2, written before 0.5 under the database's key, verify with that key once the upgrade put it
     * in the realm, bound to the client creation moment the hash was made with.
     */
    @Test
    void hashesOfVersionTwoVerifyWithTheFormerDatabaseKey() throws Exception {
        String secret = CredentialSecret.generate();
        String v2 = "v2:" + standardHmac(KEY, "v2\n" + BINDING.legacyCanonical(), secret);
        assertThat(CredentialSecret.keyId(v2)).isEqualTo(HashKey.DATABASE_KEY_ID);
        assertThat(CredentialSecret.matches(secret, v2, BINDING, KEYS)).isTrue();
        assertThat(CredentialSecret.matches(secret, v2, BINDING, kid -> "k1".equals(kid) ? KEY : null))
                .as("without the database key in the realm").isFalse();
        assertThat(CredentialSecret.matches(secret, v2,
                new CredentialBinding("client-1", "uuid-1", 1_795_000_000_124L, "org-1", EXPIRY), KEYS))
                .as("bound to another creation moment").isFalse();
    }
}
