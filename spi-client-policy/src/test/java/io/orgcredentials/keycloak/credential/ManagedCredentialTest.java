package io.orgcredentials.keycloak.credential;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A managed credential's status and dates: the index entry wins over the client's attributes. */
class ManagedCredentialTest {

    private final CredentialModels models = new CredentialModels();

    private CredentialEntry row(String name) {
        return new CredentialEntry("client-uuid", "4b7c0f4e-client", "realm-id", "org-1", name, CredentialModels.CREATED,
                CredentialModels.EXPIRES, null, null, null);
    }

    @Test
    void activeUntilTheExpiryThenExpired() {
        ManagedCredential credential = new ManagedCredential(models.client, row("deploy-bot"), Optional.empty());
        assertThat(credential.status(CredentialModels.EXPIRES.minusSeconds(1))).isEqualTo(CredentialStatus.ACTIVE);
        assertThat(credential.status(CredentialModels.EXPIRES)).isEqualTo(CredentialStatus.EXPIRED);
    }

    @Test
    void anUnusableReasonOutranksTheDates() {
        ManagedCredential credential = new ManagedCredential(models.client, row("deploy-bot"),
                Optional.of("its client was given full role scope"));
        assertThat(credential.status(CredentialModels.CREATED)).isEqualTo(CredentialStatus.UNUSABLE);
    }

    @Test
    void theRowIsAuthoritativeForNameAndDates() {
        models.attributes.put(Credential.NAME, "renamed-by-hand");
        ManagedCredential credential = new ManagedCredential(models.client, row("deploy-bot"), Optional.empty());
        assertThat(credential.name()).isEqualTo("deploy-bot");
        assertThat(credential.createdAt()).isEqualTo(CredentialModels.CREATED);
        assertThat(credential.expiresAt()).isEqualTo(CredentialModels.EXPIRES);
    }

    @Test
    void withoutARowTheAttributesTellAndADamagedExpiryCountsAsExpired() {
        ManagedCredential credential = new ManagedCredential(models.client, null, Optional.empty());
        assertThat(credential.name()).isEqualTo("deploy-bot");
        assertThat(credential.expiresAt()).isEqualTo(CredentialModels.EXPIRES);
        models.attributes.put(Credential.EXPIRES_AT, "garbage");
        assertThat(credential.expiresAt()).isNull();
        assertThat(credential.status(CredentialModels.CREATED)).isEqualTo(CredentialStatus.EXPIRED);
    }
}
