package io.orgcredentials.keycloak.credential;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialSecretTest {

    private static final Instant EXPIRY = Instant.parse("2027-05-22T00:00:00Z");
    private static final CredentialBinding BINDING =
            new CredentialBinding("client-1", "uuid-1", 1_795_000_000_123L, "org-1", EXPIRY);

    @Test
    void secretsCarry256RandomBitsInUrlSafeText() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String secret = CredentialSecret.generate();
            assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(seen.add(secret)).isTrue();
        }
    }

    @Test
    void theHashVerifiesTheSecretAndNothingElse() {
        String secret = CredentialSecret.generate();
        String hash = CredentialSecret.hash(secret, BINDING);
        assertThat(hash).startsWith("v1:").doesNotContain(secret);
        assertThat(CredentialSecret.matches(secret, hash, BINDING)).isTrue();
        assertThat(CredentialSecret.matches(secret + "x", hash, BINDING)).isFalse();
        assertThat(CredentialSecret.matches("", hash, BINDING)).isFalse();
        assertThat(CredentialSecret.matches(null, hash, BINDING)).isFalse();
    }

    @Test
    void changingAnyBoundValueBreaksTheHash() {
        String secret = CredentialSecret.generate();
        String hash = CredentialSecret.hash(secret, BINDING);
        assertThat(CredentialSecret.matches(secret, hash,
                new CredentialBinding("client-2", "uuid-1", 1_795_000_000_123L, "org-1", EXPIRY))).isFalse();
        assertThat(CredentialSecret.matches(secret, hash,
                new CredentialBinding("client-1", "uuid-2", 1_795_000_000_123L, "org-1", EXPIRY))).isFalse();
        assertThat(CredentialSecret.matches(secret, hash,
                new CredentialBinding("client-1", "uuid-1", 1_795_000_000_124L, "org-1", EXPIRY))).as("re-created client")
                .isFalse();
        assertThat(CredentialSecret.matches(secret, hash,
                new CredentialBinding("client-1", "uuid-1", 1_795_000_000_123L, "org-2", EXPIRY))).isFalse();
        assertThat(CredentialSecret.matches(secret, hash,
                new CredentialBinding("client-1", "uuid-1", 1_795_000_000_123L, "org-1", EXPIRY.plusSeconds(86400))))
                .as("extended expiry").isFalse();
    }

    @Test
    void aDamagedHashNeverMatches() {
        String secret = CredentialSecret.generate();
        assertThat(CredentialSecret.matches(secret, null, BINDING)).isFalse();
        assertThat(CredentialSecret.matches(secret, secret, BINDING)).isFalse();
        assertThat(CredentialSecret.matches(secret, "v1:%%%not-base64", BINDING)).isFalse();
        assertThat(CredentialSecret.matches(secret, "v2:" + secret, BINDING)).isFalse();
    }
}
