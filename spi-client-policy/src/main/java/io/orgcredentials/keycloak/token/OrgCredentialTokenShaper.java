package io.orgcredentials.keycloak.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.orgcredentials.keycloak.credential.CredentialCheck;
import io.orgcredentials.keycloak.credential.OrgClientCredential;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.token.TokenInterceptorException;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;
import org.keycloak.representations.AccessToken;

/**
 * Gives a credential's access token its fixed shape, whatever mappers and client scopes produced before:
 * {@code scope} and {@code aud} are the granted resource scopes, {@code organization} names the credential's
 * organization, {@code exp} never passes the credential's expiry, and no roles ride along.
 *
 * <p>It runs for every token Keycloak builds (the token-interceptor SPI needs no realm configuration), so it
 * holds even where an admin changed the client through a path that fires no client policy. It only reads
 * cached models: the client, its attributes and the organization.
 */
public class OrgCredentialTokenShaper implements TokenPostProcessor {

    static final String ORGANIZATION_CLAIM = "organization";

    /**
     * The free-form claims a credential's token keeps: what Keycloak's service_account scope adds. Anything a
     * mapper of a realm-wide scope added besides is dropped rather than handed to resource servers.
     */
    static final Set<String> KEPT_CLAIMS = Set.of("client_id", "clientHost", "clientAddress");

    private final KeycloakSession session;

    public OrgCredentialTokenShaper(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void process(TokenPostProcessorContext context) {
        ClientSessionContext clientSessionCtx = context.clientSessionCtx();
        AccessToken token = context.accessToken();
        if (clientSessionCtx == null || token == null) {
            return;
        }
        ClientModel client = clientSessionCtx.getClientSession().getClient();
        Optional<OrgClientCredential> found = OrgClientCredential.of(client);
        if (found.isEmpty()) {
            return;
        }
        OrgClientCredential credential = found.get();
        CredentialSettings settings = CredentialSettings.of(session);
        RealmModel realm = clientSessionCtx.getClientSession().getRealm();
        UserModel user = clientSessionCtx.getClientSession().getUserSession().getUser();

        String grantType = clientSessionCtx.getAttribute(Constants.GRANT_TYPE, String.class);
        if (!OAuth2Constants.CLIENT_CREDENTIALS.equals(grantType) || context.code() != null
                || context.requestRefreshToken() != null || !client.getId().equals(user.getServiceAccountClientLink())) {
            throw refuse(realm, client, "unauthorized_client", "grant_not_allowed",
                    "Client credentials get tokens only with grant_type=client_credentials");
        }
        Instant now = Instant.ofEpochSecond(Time.currentTime());
        CredentialCheck.Outcome outcome = CredentialCheck.check(session, realm, credential, now);
        if (outcome.isRefused()) {
            throw refuse(realm, client, "invalid_client", outcome.refusal().reason(), outcome.refusal().description());
        }
        // Asking for a scope outside the set is the caller's error (invalid_scope), checked before the client's scopes.
        List<String> granted = grantedScopes(realm, client, settings,
                clientSessionCtx.getClientSession().getNote(OAuth2Constants.SCOPE));
        Optional<String> foreignScope = clientSessionCtx.getClientScopesStream()
                .filter(scope -> !(scope instanceof ClientModel)) // Keycloak lists the client itself among them
                .map(ClientScopeModel::getName)
                .filter(scope -> OrgClientCredential.isForeignScope(scope, settings))
                .findFirst();
        if (foreignScope.isPresent()) {
            throw refuse(realm, client, "invalid_client", "credential_unusable", "Client credential '"
                    + credential.name() + "' cannot be used: its token would carry the client scope '"
                    + foreignScope.get() + "', outside the fixed resource scopes; delete it and create a new one");
        }
        OrganizationModel organization = outcome.organization();

        token.setScope(String.join(" ", granted));
        token.audience(granted.toArray(String[]::new));
        token.setRealmAccess(null);
        token.setResourceAccess(null);
        token.setAllowedOrigins(null);
        token.getOtherClaims().keySet().retainAll(KEPT_CLAIMS);
        token.setOtherClaims(ORGANIZATION_CLAIM, organizationClaim(organization, settings));

        long iat = token.getIat() != null ? token.getIat() : now.getEpochSecond();
        long exp = Math.min(iat + settings.accessTokenLifespan(), credential.expiresAt().getEpochSecond());
        token.exp(exp);
    }

    /** The requested resource scopes, or all of them when the request names none; anything else is refused. */
    private List<String> grantedScopes(RealmModel realm, ClientModel client, CredentialSettings settings,
                                       String requested) {
        if (requested == null || requested.isBlank()) {
            return settings.resourceScopes();
        }
        List<String> granted = new ArrayList<>();
        for (String scope : Arrays.stream(requested.trim().split("\\s+")).distinct().toList()) {
            if (!settings.isResourceScope(scope)) {
                throw refuse(realm, client, "invalid_scope", "invalid_scope",
                        "Invalid scopes: " + requested + ". Client credentials may request only "
                                + String.join(", ", settings.resourceScopes()));
            }
            granted.add(scope);
        }
        return granted;
    }

    /** The same shapes as Keycloak's organization membership mapper: ["acme"] or {"acme": {"id": "..."}}. */
    private static Object organizationClaim(OrganizationModel organization, CredentialSettings settings) {
        if (!settings.organizationClaimIds()) {
            return List.of(organization.getAlias());
        }
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put(organization.getAlias(), Map.of("id", organization.getId()));
        return claim;
    }

    /** Keycloak logs no event on this path by itself, so the refusal is recorded here. */
    private TokenInterceptorException refuse(RealmModel realm, ClientModel client, String error, String reason,
                                             String description) {
        new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.CLIENT_LOGIN)
                .client(client)
                .detail(Details.REASON, reason)
                .error(error);
        return new TokenInterceptorException(error, description);
    }

    @Override
    public void close() {
    }
}
