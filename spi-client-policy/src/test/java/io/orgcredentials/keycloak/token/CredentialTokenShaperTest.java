package io.orgcredentials.keycloak.token;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.orgcredentials.keycloak.check.TokenRefusal;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.junit.jupiter.api.Test;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.representations.AccessToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The token's fixed shape: granted scopes, its expiry cap and the organization claim. */
class CredentialTokenShaperTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final CredentialSettings settings = CredentialSettings.DEFAULTS;

    @Test
    void noRequestedScopeGrantsEveryResourceScope() throws Exception {
        assertThat(CredentialTokenShaper.grantedScopes(settings, null)).containsExactly("deployments", "configs",
                "certificates");
        assertThat(CredentialTokenShaper.grantedScopes(settings, "  ")).containsExactly("deployments", "configs",
                "certificates");
    }

    @Test
    void requestedResourceScopesAreGrantedOnceEach() throws Exception {
        assertThat(CredentialTokenShaper.grantedScopes(settings, " configs  deployments configs "))
                .containsExactly("configs", "deployments");
    }

    @Test
    void anyOtherScopeRefusesTheWholeRequest() {
        assertThatThrownBy(() -> CredentialTokenShaper.grantedScopes(settings, "configs openid"))
                .isInstanceOfSatisfying(TokenRefusal.class, refusal -> {
                    assertThat(refusal.error()).isEqualTo(OAuthErrorException.INVALID_SCOPE);
                    assertThat(refusal.description()).isEqualTo("Invalid scopes: configs openid. Client credentials "
                            + "may request only deployments, configs, certificates");
                });
    }

    private static AccessToken token(Long iat, Long exp) {
        AccessToken token = new AccessToken();
        if (iat != null) {
            token.iat(iat);
        }
        if (exp != null) {
            token.exp(exp);
        }
        return token;
    }

    @Test
    void theTokenLivesAsLongAsKeycloakSaysWhenThatIsShortest() {
        long iat = NOW.getEpochSecond();
        assertThat(CredentialTokenShaper.expiry(token(iat, iat + 300), settings, NOW.plusSeconds(86400), NOW))
                .isEqualTo(iat + 300);
    }

    @Test
    void theExtensionsLifespanCapsALongerKeycloakLifespan() {
        long iat = NOW.getEpochSecond();
        assertThat(CredentialTokenShaper.expiry(token(iat, iat + 36000), settings, NOW.plusSeconds(86400), NOW))
                .isEqualTo(iat + settings.accessTokenLifespan());
    }

    @Test
    void noTokenOutlivesItsCredential() {
        long iat = NOW.getEpochSecond();
        assertThat(CredentialTokenShaper.expiry(token(iat, iat + 3000), settings, NOW.plusSeconds(60), NOW))
                .isEqualTo(iat + 60);
    }

    @Test
    void withoutIatOrExpTheClockAndTheLifespanDecide() {
        assertThat(CredentialTokenShaper.expiry(token(null, null), settings, NOW.plusSeconds(86400), NOW))
                .isEqualTo(NOW.getEpochSecond() + settings.accessTokenLifespan());
    }

    @Test
    void theOrganizationClaimHasKeycloaksTwoShapes() {
        OrganizationModel organization = mock(OrganizationModel.class);
        when(organization.getAlias()).thenReturn("acme");
        when(organization.getId()).thenReturn("org-1");
        assertThat(CredentialTokenShaper.organizationClaim(organization, settings)).isEqualTo(List.of("acme"));
        CredentialSettings withIds = new CredentialSettings(settings.defaultLimit(), settings.maximumLimit(),
                settings.defaultLifetime(), settings.minimumLifetime(), settings.maximumLifetime(),
                settings.resourceScopes(), settings.accessTokenLifespan(), true, settings.managerRole(),
                settings.rotationGrace(), settings.lastUsedInterval(), settings.expiryNoticeDays(),
                settings.expiryNoticeInterval(), settings.expiryNoticeRecipients(), settings.memberApiClients(),
                settings.unkeyedHashes());
        assertThat(CredentialTokenShaper.organizationClaim(organization, withIds))
                .isEqualTo(Map.of("acme", Map.of("id", "org-1")));
    }
}
