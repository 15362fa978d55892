package io.orgcredentials.keycloak.credential;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialSecretTest {

    private static final Instant EXPIRY = Instant.parse("2027-05-22T00:00:00Z");

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
        String hash = CredentialSecret.hash(secret, "client-1", "org-1", EXPIRY);
        assertThat(hash).startsWith("v1:").doesNotContain(secret);
        assertThat(CredentialSecret.matches(secret, hash, "client-1", "org-1", EXPIRY)).isTrue();
        assertThat(CredentialSecret.matches(secret + "x", hash, "client-1", "org-1", EXPIRY)).isFalse();
        assertThat(CredentialSecret.matches("", hash, "client-1", "org-1", EXPIRY)).isFalse();
        assertThat(CredentialSecret.matches(null, hash, "client-1", "org-1", EXPIRY)).isFalse();
    }

    @Test
    void changingTheOrganizationExpiryOrClientIdBreaksTheHash() {
        String secret = CredentialSecret.generate();
        String hash = CredentialSecret.hash(secret, "client-1", "org-1", EXPIRY);
        assertThat(CredentialSecret.matches(secret, hash, "client-2", "org-1", EXPIRY)).isFalse();
        assertThat(CredentialSecret.matches(secret, hash, "client-1", "org-2", EXPIRY)).isFalse();
        assertThat(CredentialSecret.matches(secret, hash, "client-1", "org-1", EXPIRY.plusSeconds(86400 * 365))).isFalse();
    }

    @Test
    void aDamagedHashNeverMatches() {
        String secret = CredentialSecret.generate();
        assertThat(CredentialSecret.matches(secret, null, "c", "o", EXPIRY)).isFalse();
        assertThat(CredentialSecret.matches(secret, secret, "c", "o", EXPIRY)).isFalse();
        assertThat(CredentialSecret.matches(secret, "v1:%%%not-base64", "c", "o", EXPIRY)).isFalse();
        assertThat(CredentialSecret.matches(secret, "v2:" + secret, "c", "o", EXPIRY)).isFalse();
    }
}
