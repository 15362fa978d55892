package io.orgcredentials.keycloak.credential.jpa;

import java.time.Instant;

import io.orgcredentials.keycloak.clientpolicy.GuardPolicy;
import io.orgcredentials.keycloak.credential.Credential;
import io.orgcredentials.keycloak.credential.CredentialEntry;
import io.orgcredentials.keycloak.credential.CredentialModels;
import io.orgcredentials.keycloak.metrics.CredentialMetrics;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import io.orgcredentials.keycloak.usage.LastUsedRecorder;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.JpaConnectionProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Why a listed credential is unusable: the index row and the client's attributes must tell the same story. */
class JpaCredentialProviderTest {

    private final CredentialModels models = new CredentialModels();
    private final CredentialSettings settings = CredentialSettings.DEFAULTS;
    private JpaCredentialProvider manager;

    @BeforeEach
    void manager() {
        JpaConnectionProvider jpa = mock(JpaConnectionProvider.class);
        when(jpa.getEntityManager()).thenReturn(mock(EntityManager.class));
        when(models.session.getProvider(JpaConnectionProvider.class)).thenReturn(jpa);
        models.defaultScopes("basic", "deployments");
        manager = new JpaCredentialProvider(models.session, mock(LastUsedRecorder.class), new CredentialMetrics(),
                new GuardPolicy());
    }

    private CredentialEntry row(String organizationId, String name, long expiresAt) {
        return new CredentialEntry("client-uuid", "4b7c0f4e-client", "realm-id", organizationId, name,
                CredentialModels.CREATED, Instant.ofEpochSecond(expiresAt), null, null, null);
    }

    private CredentialEntry indexed() {
        return row("org-1", "deploy-bot", CredentialModels.EXPIRES.getEpochSecond());
    }

    @Test
    void aCredentialAsIndexedIsUsable() {
        assertThat(manager.unusableReason(models.client, indexed(), settings)).isEmpty();
    }

    @Test
    void aClientWithoutAttributesNoLongerCarriesTheCredential() {
        models.attributes.remove(Credential.ORGANIZATION_ID);
        assertThat(manager.unusableReason(models.client, indexed(), settings))
                .contains("its client no longer carries the credential attributes");
    }

    @Test
    void aClientUnknownToTheIndexWasMadeOutsideTheApi() {
        assertThat(manager.unusableReason(models.client, null, settings))
                .contains("it was created outside the org-client-credentials API (for example by an import)");
    }

    @Test
    void attributesThatDisagreeWithTheIndexWereChangedOutsideTheApi() {
        String changed = "its organization, name or expiry attributes were changed outside the org-client-credentials API";
        assertThat(manager.unusableReason(models.client, row("org-2", "deploy-bot",
                CredentialModels.EXPIRES.getEpochSecond()), settings)).contains(changed);
        assertThat(manager.unusableReason(models.client, row("org-1", "renamed",
                CredentialModels.EXPIRES.getEpochSecond()), settings)).contains(changed);
        assertThat(manager.unusableReason(models.client, row("org-1", "deploy-bot",
                CredentialModels.EXPIRES.getEpochSecond() + 1), settings)).contains(changed);
    }

    @Test
    void otherwiseTheClientsOwnUnusableReasonCounts() {
        when(models.client.isFullScopeAllowed()).thenReturn(true);
        assertThat(manager.unusableReason(models.client, indexed(), settings))
                .contains("its client was given full role scope");
    }
}
