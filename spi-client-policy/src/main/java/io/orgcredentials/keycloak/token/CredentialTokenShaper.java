package io.orgcredentials.keycloak.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.orgcredentials.keycloak.check.CredentialCheck;
import io.orgcredentials.keycloak.check.TokenRefusal;
import io.orgcredentials.keycloak.credential.Credential;
import io.orgcredentials.keycloak.credential.CredentialClock;
import io.orgcredentials.keycloak.credential.CredentialProvider;
import io.orgcredentials.keycloak.hashkey.HashKeys;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.constants.ServiceAccountConstants;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;

/**
 * Gives a credential's access token its fixed shape, whatever mappers and client scopes produced before:
 * {@code scope} and {@code aud} are the granted resource scopes, {@code organization} names the credential's
 * organization, {@code exp} never passes the credential's expiry nor the lifespan Keycloak gave the token, and no
 * roles ride along.
 *
 * <p>Where Keycloak has the token-interceptor SPI (26.7+) it calls this for every token it builds, with no realm
 * configuration; on 26.4 and 26.5 the guard's client-policy executor calls it at the service-account token
 * response (and the authenticator refuses credentials of a realm whose guard policy is missing: fail closed).
 * Cached models only: the client, its attributes and the organization.
 */
public final class CredentialTokenShaper {

    static final String ORGANIZATION_CLAIM = OAuth2Constants.ORGANIZATION;

    /**
     * The free-form claims a credential's token keeps: what Keycloak's service_account scope adds. Anything a
     * mapper of a realm-wide scope added besides is dropped rather than handed to resource servers.
     */
    static final Set<String> KEPT_CLAIMS = Set.of(ServiceAccountConstants.CLIENT_ID,
            ServiceAccountConstants.CLIENT_HOST, ServiceAccountConstants.CLIENT_ADDRESS);

    private CredentialTokenShaper() {
    }

    /**
     * Shapes {@code token} if {@code client} is a credential; leaves other clients' tokens alone.
     *
     * @param requestedScope the request's {@code scope} parameter as Keycloak kept it in the client session
     * @throws TokenRefusal when the credential may not have this token after all
     */
    public static void shape(KeycloakSession session, RealmModel realm, ClientModel client, String requestedScope,
                             AccessToken token) throws TokenRefusal {
        Optional<Credential> found = Credential.of(client);
        if (found.isEmpty() || token == null) {
            return;
        }
        Credential credential = found.get();
        CredentialSettings settings = CredentialSettings.of(session);
        Instant now = CredentialClock.now();
        CredentialProvider credentials = session.getProvider(CredentialProvider.class);
        try {
            shape(session, realm, credential, settings, requestedScope, token, now);
        } catch (TokenRefusal refusal) {
            credentials.tokenRefused(realm, refusal.reason());
            throw refusal;
        }
        // Counted, and the last use handed over off this request's path (at most once per interval).
        credentials.tokenIssued(realm, client, now);
    }

    private static void shape(KeycloakSession session, RealmModel realm, Credential credential,
                              CredentialSettings settings, String requestedScope, AccessToken token, Instant now)
            throws TokenRefusal {
        CredentialCheck.Outcome outcome = CredentialCheck.check(session, realm, credential, HashKeys.of(realm), now);
        if (outcome.isRefused()) {
            throw outcome.refusal();
        }
        List<String> granted = grantedScopes(settings, requestedScope);
        OrganizationModel organization = outcome.organization();

        // The subject is the credential itself, as at other providers' client_credentials grants, not its
        // service-account user: Keycloak's own APIs look a token's user up by sub (or preferred_username), so a
        // credential's token is accepted by none of them (admin API, account, userinfo), whatever roles an admin
        // might give that user later.
        token.subject(credential.clientId());
        token.setPreferredUsername(null);
        token.setScope(String.join(" ", granted));
        token.audience(granted.toArray(String[]::new));
        token.setRealmAccess(null);
        token.setResourceAccess(null);
        token.setAllowedOrigins(null);
        token.getOtherClaims().keySet().retainAll(KEPT_CLAIMS);
        token.setOtherClaims(ORGANIZATION_CLAIM, organizationClaim(organization, settings));
        token.exp(expiry(token, settings, credential.expiresAt(), now));
    }

    /**
     * The earliest of what Keycloak gave the token (the realm's or client's access-token lifespan), the
     * extension's own lifespan option and the credential's expiry: a token never outlives any of them.
     */
    static long expiry(AccessToken token, CredentialSettings settings, Instant credentialExpiresAt, Instant now) {
        long iat = token.getIat() != null ? token.getIat() : now.getEpochSecond();
        long exp = Math.min(iat + settings.accessTokenLifespan(), credentialExpiresAt.getEpochSecond());
        if (token.getExp() != null && token.getExp() > 0) {
            exp = Math.min(exp, token.getExp());
        }
        return exp;
    }

    /** The requested resource scopes, or all of them when the request names none; anything else is refused. */
    static List<String> grantedScopes(CredentialSettings settings, String requested) throws TokenRefusal {
        if (requested == null || requested.isBlank()) {
            return settings.resourceScopes();
        }
        List<String> granted = new ArrayList<>();
        for (String scope : Arrays.stream(requested.trim().split("\\s+")).distinct().toList()) {
            if (!settings.isResourceScope(scope)) {
                throw new TokenRefusal(OAuthErrorException.INVALID_SCOPE, OAuthErrorException.INVALID_SCOPE,
                        "Invalid scopes: " + requested + ". Client credentials may request only "
                                + String.join(", ", settings.resourceScopes()));
            }
            granted.add(scope);
        }
        return granted;
    }

    /** The same shapes as Keycloak's organization membership mapper: ["acme"] or {"acme": {"id": "..."}}. */
    static Object organizationClaim(OrganizationModel organization, CredentialSettings settings) {
        if (!settings.organizationClaimIds()) {
            return List.of(organization.getAlias());
        }
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put(organization.getAlias(), Map.of("id", organization.getId()));
        return claim;
    }
}
