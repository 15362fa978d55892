package io.orgcredentials.keycloak.check;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.compat.ServerCompatibility;
import io.orgcredentials.keycloak.credential.Credential;
import io.orgcredentials.keycloak.credential.CredentialProvider;
import io.orgcredentials.keycloak.hashkey.HashKeys;
import io.orgcredentials.keycloak.organization.Organizations;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

/**
 * Whether a credential whose holder is known may get a token now: the extension enabled on this server (and, where
 * the guard policy shapes tokens, that policy in place), not expired, not changed outside the extension, and its
 * organization there and enabled. One rule set for the client authenticator and for the token
 * shaper, which asks again for tokens built without the authenticator (fail closed). Cached models only, but
 * for the service account's check when Keycloak's user cache had to read the user afresh (one statement, see
 * {@code credential.ServiceAccountCheck}).
 */
public final class CredentialCheck {

    /** The credential's organization when it may get a token, or why not. */
    public record Outcome(OrganizationModel organization, TokenRefusal refusal) {

        public boolean isRefused() {
            return refusal != null;
        }
    }

    private CredentialCheck() {
    }

    /**
     * The check, once per request and credential: the authenticator asks first, the token shaper asks again for
     * the same token (so that tokens built without the authenticator still fail closed), and the second asking
     * reuses a positive answer of the same request instead of walking the client, its service account and their
     * roles again. A refusal is never remembered. {@code keys}: the realm's hash keys as this request looks them up
     * (the authenticator passes the instance that verified the secret, so the key is decoded once).
     */
    public static Outcome check(KeycloakSession session, RealmModel realm, Credential credential, HashKeys keys,
                                Instant now) {
        String memo = CredentialCheck.class.getName() + ":" + credential.clientId();
        Object earlier = session.getAttribute(memo);
        if (earlier instanceof Outcome outcome) {
            return outcome;
        }
        Outcome outcome = evaluate(session, realm, credential, keys, now);
        if (!outcome.isRefused()) {
            session.setAttribute(memo, outcome);
        }
        return outcome;
    }

    private static Outcome evaluate(KeycloakSession session, RealmModel realm, Credential credential, HashKeys keys,
                                    Instant now) {
        ServerCompatibility server = ServerCompatibility.current();
        if (!server.isEnabled()) {
            return refused("extension_disabled", server.disabledReason());
        }
        if (!server.hasTokenInterceptor() && !session.getProvider(CredentialProvider.class).guardPolicyInstalled(realm)) {
            // Without Keycloak's token-interceptor SPI the guard policy is what shapes the token: no policy, no token.
            return refused("setup_incomplete", "Realm " + realm.getName() + " is not set up for client credentials: "
                    + "its client policy '" + CredentialConstants.GUARD_POLICY_NAME + "' is missing or disabled; a realm admin "
                    + "must run POST " + CredentialConstants.setupPath(realm.getName()));
        }
        if (credential.isExpired(now)) {
            Instant expiresAt = credential.expiresAt();
            return refused("credential_expired", "Client credential '" + credential.name() + "' expired"
                    + (expiresAt == null ? "" : " at " + expiresAt.truncatedTo(ChronoUnit.SECONDS))
                    + "; create a new client credential");
        }
        Optional<String> problem = credential.unusableReason(session, CredentialSettings.of(session), keys);
        if (problem.isPresent()) {
            return refused("credential_unusable", "Client credential '" + credential.name() + "' cannot be used: "
                    + problem.get() + "; delete it and create a new one");
        }
        if (!realm.isOrganizationsEnabled()) {
            return refused("organization_unavailable", "Organizations are disabled in realm " + realm.getName());
        }
        OrganizationModel organization = Organizations.byId(session, credential.organizationId());
        if (organization == null) {
            return refused("organization_unavailable",
                    "The organization of client credential '" + credential.name() + "' no longer exists");
        }
        if (!organization.isEnabled()) {
            return refused("organization_unavailable", "Organization " + organization.getAlias() + " is disabled");
        }
        return new Outcome(organization, null);
    }

    private static Outcome refused(String reason, String description) {
        return new Outcome(null, TokenRefusal.ofCredential(reason, description));
    }
}
