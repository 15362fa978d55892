package io.orgcredentials.keycloak.check;

import java.time.Instant;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.compat.ServerCompatibility;
import io.orgcredentials.keycloak.credential.Credential;
import io.orgcredentials.keycloak.credential.CredentialModels;
import io.orgcredentials.keycloak.credential.CredentialProvider;
import io.orgcredentials.keycloak.hashkey.HashKeys;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import io.orgcredentials.keycloak.settings.CredentialSettingsProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.keys.KeyProvider;
import org.keycloak.models.ModelException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** May a credential whose secret checked out get a token now: expiry, damage, organization, the realm's guard. */
class CredentialCheckTest {

    private static final Instant NOW = CredentialModels.CREATED.plusSeconds(3600);

    private final CredentialModels models = new CredentialModels();
    private final OrganizationProvider organizations = mock(OrganizationProvider.class);
    private final OrganizationModel organization = mock(OrganizationModel.class);
    private final CredentialProvider credentials = models.credentials;

    @BeforeEach
    void soundRealm() {
        CredentialSettingsProvider settings = () -> CredentialSettings.DEFAULTS;
        lenient().when(models.session.getProvider(CredentialSettingsProvider.class)).thenReturn(settings);
        lenient().when(models.session.getProvider(OrganizationProvider.class)).thenReturn(organizations);
        lenient().when(models.realm.getId()).thenReturn("realm-" + System.nanoTime());
        lenient().when(models.realm.isOrganizationsEnabled()).thenReturn(true);
        lenient().when(organizations.getById("org-1")).thenReturn(organization);
        lenient().when(organization.isEnabled()).thenReturn(true);
        lenient().when(organization.getAlias()).thenReturn("acme");
        models.defaultScopes("basic", "deployments");
        installGuard(true);
    }

    /** The realm's guard policy, as the credential domain answers for it (GuardPolicyTest: how it finds out). */
    private void installGuard(boolean enabled) {
        lenient().when(credentials.guardPolicyInstalled(models.realm)).thenReturn(enabled);
    }

    private CredentialCheck.Outcome check() {
        return CredentialCheck.check(models.session, models.realm, models.credential(), HashKeys.of(models.realm), NOW);
    }

    @Test
    void aSoundCredentialGetsItsOrganization() {
        CredentialCheck.Outcome outcome = check();
        assertThat(outcome.isRefused()).isFalse();
        assertThat(outcome.organization()).isSameAs(organization);
    }

    @Test
    void anExpiredCredentialIsRefusedWithItsExpiry() {
        CredentialCheck.Outcome outcome = CredentialCheck.check(models.session, models.realm, models.credential(),
                HashKeys.of(models.realm), CredentialModels.EXPIRES);
        assertThat(outcome.refusal().reason()).isEqualTo("credential_expired");
        assertThat(outcome.refusal().description()).contains("expired at 2027-05-01T00:00:00Z");
    }

    @Test
    void aDamagedCredentialIsRefusedWithItsUnusableReason() {
        when(models.client.isFullScopeAllowed()).thenReturn(true);
        CredentialCheck.Outcome outcome = check();
        assertThat(outcome.refusal().reason()).isEqualTo("credential_unusable");
        assertThat(outcome.refusal().description()).contains("its client was given full role scope");
    }

    @Test
    void aMissingDisabledOrForeignOrganizationRefuses() {
        when(organization.isEnabled()).thenReturn(false);
        assertThat(check().refusal().description()).isEqualTo("Organization acme is disabled");

        when(organizations.getById("org-1")).thenReturn(null);
        assertThat(check().refusal().reason()).isEqualTo("organization_unavailable");

        when(organizations.getById("org-1")).thenThrow(new ModelException("of another realm"));
        assertThat(check().refusal().reason()).isEqualTo("organization_unavailable");

        when(models.realm.isOrganizationsEnabled()).thenReturn(false);
        assertThat(check().refusal().description()).contains("Organizations are disabled");
    }

    @Test
    void withoutTheTokenInterceptorADisabledGuardPolicyRefuses() {
        assumeFalse(ServerCompatibility.current().hasTokenInterceptor(),
                "the unit tests compile against 26.4, which has no token-interceptor SPI");
        installGuard(false);
        CredentialCheck.Outcome outcome = check();
        assertThat(outcome.refusal().reason()).isEqualTo("setup_incomplete");
        assertThat(outcome.refusal().description()).contains(CredentialConstants.setupPath("acme-realm"));
    }

    @Test
    void aPositiveAnswerIsRememberedForTheRequestARefusalIsNot() {
        CredentialCheck.Outcome first = check();
        verify(models.session, times(1)).setAttribute(any(), any());

        CredentialCheck.Outcome refused = CredentialCheck.check(models.session, models.realm, models.credential(),
                HashKeys.of(models.realm), CredentialModels.EXPIRES);
        assertThat(refused.isRefused()).isTrue();
        verify(models.session, times(1)).setAttribute(any(), any());

        when(models.session.getAttribute(any())).thenReturn(first);
        assertThat(check()).isSameAs(first);
    }

    @Test
    void theRealmsKeysAreReadOnceForTheSecretAndTheCheck() {
        clearInvocations(models.realm);
        HashKeys keys = HashKeys.of(models.realm);
        assertThat(models.credential().secretMatch(models.secret, keys, false, NOW))
                .isEqualTo(Credential.SecretMatch.CURRENT);
        CredentialCheck.Outcome outcome = CredentialCheck.check(models.session, models.realm, models.credential(),
                keys, NOW);
        assertThat(outcome.isRefused()).isFalse();
        verify(models.realm, times(1)).getComponentsStream(anyString(), eq(KeyProvider.class.getName()));
    }
}
