package io.orgcredentials.keycloak.credential;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.orgcredentials.keycloak.OrgCredentialsConstants;
import io.orgcredentials.keycloak.hashkey.HashKey;
import io.orgcredentials.keycloak.hashkey.HashKeys;
import io.orgcredentials.keycloak.quota.OrganizationQuotas;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocolFactory;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.managers.ClientManager;
import org.keycloak.services.managers.RealmManager;

/**
 * The one implementation of a credential's life, for every path that touches it (the admin API, the clean-up
 * after Keycloak deleted something, and any later one): create, find, list, delete, and the removal of an
 * organization's or a realm's credentials. A credential is a confidential Keycloak client with a service account,
 * its credential attributes ({@link OrgClientCredential}) and its index row ({@link OrgCredentialEntity}), all
 * changed in the caller's transaction. Breaking a rule throws {@link CredentialException}; nothing here knows HTTP.
 */
public final class CredentialManager {

    private static final Logger LOG = Logger.getLogger(CredentialManager.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final CredentialStore store;
    private final OrganizationQuotas quotas;

    public CredentialManager(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.store = new CredentialStore(session);
        this.quotas = new OrganizationQuotas(session);
    }

    /** The request's clock, in whole seconds, as Keycloak's (which tests can offset). */
    public static Instant now() {
        return Instant.ofEpochSecond(Time.currentTime());
    }

    /** A created credential and its secret, which exists nowhere else once the caller has handed it out. */
    public record Created(ManagedCredential credential, String secret) {
    }

    /**
     * Creates a credential in the organization, within its limit and with a name unique in it.
     *
     * @throws CredentialException LIMIT_REACHED or NAME_TAKEN
     */
    public Created create(OrganizationModel organization, String name, Instant expiresAt, Instant now) {
        // Taken first and held to commit: concurrent creates for this organization, on any node, queue here.
        quotas.lock(realm.getId(), organization.getId());
        forgetRemovedClients(organization);
        int limit = quotas.limitOf(realm, organization.getId());
        int used = store.countForUpdate(organization.getId());
        if (used >= limit) {
            throw new CredentialException(CredentialException.Kind.LIMIT_REACHED, "Organization "
                    + organization.getAlias() + " already has " + used + " of " + limit
                    + " client credentials; delete one, or ask a realm admin to raise the limit");
        }
        if (store.byName(organization.getId(), name).isPresent()) {
            throw new CredentialException(CredentialException.Kind.NAME_TAKEN, "Organization "
                    + organization.getAlias() + " already has a client credential named '" + name + "'");
        }

        CredentialSettings settings = CredentialSettings.of(session);
        ClientModel client = ClientManager.createClient(session, realm,
                clientRepresentation(UUID.randomUUID().toString(), organization, name, settings));
        new ClientManager(new RealmManager(session)).enableServiceAccount(client);
        // Keycloak put a plain-text secret there; the credential's secret exists only as the hash below.
        client.setSecret(null);

        String secret = CredentialSecret.generate();
        OrgClientCredential.bind(client, organization.getId(), name, now, expiresAt, secret, activeHashKey(),
                serviceAccountId(client));

        // The service account is deliberately not made a member of the organization: Keycloak re-checks the
        // membership type of organization members in the database each time it loads them from its cache, which
        // would put a query on every token request (measured: about a third of the throughput). The credential's
        // attributes and index row hold the binding; the token's organization claim comes from them.

        OrgCredentialEntity row = new OrgCredentialEntity(client.getId(), client.getClientId(), realm.getId(),
                organization.getId(), name, now.getEpochSecond(), expiresAt.getEpochSecond());
        store.add(row);
        return new Created(managed(client, row, settings), secret);
    }

    /**
     * Newest first, from the extension's index. The first page of an unfiltered listing also shows clients that
     * Keycloak removed and something re-created under the same id (a partial import), as unusable, so that a
     * client carrying credential attributes is never hidden.
     */
    public List<ManagedCredential> list(OrganizationModel organization, CredentialStore.Status status, int first,
                                        int max, Instant now) {
        CredentialSettings settings = CredentialSettings.of(session);
        List<ManagedCredential> result = new ArrayList<>();
        for (OrgCredentialEntity row : store.list(organization.getId(), status, now, first, max)) {
            ClientModel client = realm.getClientById(row.getClientUuid());
            if (client != null) {
                result.add(managed(client, row, settings));
            }
        }
        if (first == 0 && status == CredentialStore.Status.ANY) {
            for (OrgCredentialEntity removed : store.removedOf(organization.getId())) {
                ClientModel client = cameBack(removed);
                if (client != null && result.size() < max) {
                    result.add(managed(client, removed, settings));
                }
            }
        }
        return result;
    }

    /**
     * The credential with this clientId in this organization, found by its attributes or by the index (so that a
     * damaged credential can still be seen and deleted); another organization's is not found either.
     */
    public Optional<ManagedCredential> find(OrganizationModel organization, String clientId) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null) {
            return Optional.empty();
        }
        String organizationId = organization.getId();
        Optional<OrgCredentialEntity> indexed = store.byClient(client.getId());
        // A row of a removed client is looked for only when the index does not hold this client in this organization.
        Optional<OrgCredentialEntity> row = indexed.filter(r -> organizationId.equals(r.getOrganizationId()))
                .or(() -> store.removedOf(organizationId).stream()
                        .filter(r -> clientId.equals(r.getClientId())).findFirst());
        boolean byAttributes = OrgClientCredential.of(client)
                .filter(credential -> organizationId.equals(credential.organizationId())).isPresent();
        if (!byAttributes && row.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(managed(client, row.or(() -> indexed).orElse(null), CredentialSettings.of(session)));
    }

    /** A rotated credential and its new secret, handed out once (when the old one stops is the credential's to say). */
    public record Rotated(ManagedCredential credential, String secret) {
    }

    /**
     * Gives the credential a new secret; the one it replaces keeps working for {@code grace} (never past the
     * credential's expiry), and a secret an earlier rotation replaced stops at once. Expiry, client id, organization
     * and scopes stay as they are.
     *
     * @throws CredentialException NOT_ACTIVE for an expired or unusable credential
     */
    public Rotated rotate(ManagedCredential managed, Duration grace, Instant now) {
        Optional<OrgClientCredential> credential = OrgClientCredential.of(managed.client());
        if (credential.isEmpty() || managed.status(now) != ManagedCredential.Status.ACTIVE) {
            throw new CredentialException(CredentialException.Kind.NOT_ACTIVE, "Client credential '" + managed.name()
                    + "' is " + managed.status(now).name().toLowerCase(java.util.Locale.ROOT)
                    + "; a new secret would not make it usable: create a new client credential");
        }
        // Rotations of one credential take turns; one overtaken by another changes nothing, so that every secret
        // handed out was the credential's secret (the last two work).
        String seen = managed.client().getAttribute(OrgClientCredential.SECRET_HASH);
        if (!store.lockUnchanged(managed.client().getId(), OrgClientCredential.SECRET_HASH, seen)) {
            throw new CredentialException(CredentialException.Kind.CONCURRENT_CHANGE, "The secret of client "
                    + "credential '" + managed.name() + "' was rotated by another request at the same moment; this "
                    + "request changed nothing (the other request's secret is the current one)");
        }
        Instant expiresAt = credential.get().expiresAt();
        Instant previousUntil = now.plus(grace).isAfter(expiresAt) ? expiresAt : now.plus(grace);
        String secret = CredentialSecret.generate();
        credential.get().rotate(secret, activeHashKey(), now, previousUntil, serviceAccountId(managed.client()));
        return new Rotated(managed, secret);
    }

    /** Deletes the credential: its client (with the service-account user and its sessions) and its index row. */
    public void delete(ManagedCredential credential) {
        removeClient(credential.client());
        store.removeByClient(credential.client().getId());
    }

    /** The organization is being removed: its credentials, their rows and its limit go with it. */
    public void removeOrganization(String organizationId) {
        for (String clientUuid : store.clientUuidsOf(organizationId)) {
            ClientModel client = realm.getClientById(clientUuid);
            if (client != null) {
                LOG.debugf("removing client credential %s with its organization %s", client.getClientId(),
                        organizationId);
                removeClient(client);
            }
        }
        store.removeByOrganization(organizationId);
        quotas.removeOrganization(realm, organizationId);
    }

    /**
     * Keycloak removed a credential's client by another path: the row is marked, not deleted, which frees the place
     * in the limit and keeps sight of a client that an import re-creates under the same id.
     */
    public static void clientRemoved(KeycloakSession session, String clientUuid) {
        new CredentialStore(session).markRemoved(clientUuid, now());
    }

    /** Keycloak removed the realm: nothing of the extension's is left behind. */
    public static void realmRemoved(KeycloakSession session, String realmId) {
        new CredentialStore(session).removeByRealm(realmId);
        new OrganizationQuotas(session).removeRealm(realmId);
    }

    /**
     * Why the credential cannot get a token although it exists, from what the index and the client show together:
     * the client's own {@link OrgClientCredential#unusableReason}, or a disagreement between the two (a client made
     * or changed outside the extension). Empty when it is sound; expiry is not a reason here but a status.
     */
    Optional<String> unusableReason(ClientModel client, OrgCredentialEntity row, CredentialSettings settings) {
        Optional<OrgClientCredential> found = OrgClientCredential.of(client);
        if (found.isEmpty()) {
            return Optional.of("its client no longer carries the credential attributes");
        }
        OrgClientCredential credential = found.get();
        if (row == null) {
            return Optional.of("it was created outside the org-client-credentials API (for example by an import)");
        }
        if (row.getRemovedAt() != null) {
            return Optional.of("its client was removed and re-created outside the org-client-credentials API "
                    + "(for example by a partial import)");
        }
        if (!row.describes(credential)) {
            return Optional.of("its organization, name or expiry attributes were changed outside the "
                    + "org-client-credentials API");
        }
        return credential.unusableReason(session, settings);
    }

    /**
     * The realm's key for new hashes. The set-up puts one in every realm; a realm whose keys were all removed or
     * disabled gets no new credentials until an admin adds one (nothing makes a key on its own).
     */
    private HashKey activeHashKey() {
        return HashKeys.of(realm).active().orElseThrow(() -> new CredentialException(
                CredentialException.Kind.SETUP_REQUIRED, "Realm " + realm.getName() + " has no active hash key for "
                + "client credentials; run POST " + OrgCredentialsConstants.setupPath(realm.getName())
                + " or add one with POST /admin/realms/" + realm.getName() + "/" + OrgCredentialsConstants.EXTENSION
                + "/" + OrgCredentialsConstants.HASH_KEYS));
    }

    private String serviceAccountId(ClientModel client) {
        UserModel serviceAccount = session.users().getServiceAccount(client);
        return serviceAccount == null ? null : serviceAccount.getId();
    }

    private ManagedCredential managed(ClientModel client, OrgCredentialEntity row, CredentialSettings settings) {
        return new ManagedCredential(client, row, unusableReason(client, row, settings));
    }

    private void removeClient(ClientModel client) {
        // Removes the service-account user (and so its membership) and the client's sessions.
        new ClientManager(new RealmManager(session)).removeClient(realm, client);
    }

    /** Rows of removed clients that did not come back are of no more use; tidied under the quota lock. */
    private void forgetRemovedClients(OrganizationModel organization) {
        for (OrgCredentialEntity removed : store.removedOf(organization.getId())) {
            if (cameBack(removed) == null) {
                store.removeByClient(removed.getClientUuid());
            }
        }
    }

    /** The client that took the place of a removed one (same internal id or same clientId), if any. */
    private ClientModel cameBack(OrgCredentialEntity removed) {
        ClientModel client = realm.getClientById(removed.getClientUuid());
        return client != null ? client : realm.getClientByClientId(removed.getClientId());
    }

    public int limit(OrganizationModel organization) {
        return quotas.limitOf(realm, organization.getId());
    }

    public long count(OrganizationModel organization) {
        return store.count(organization.getId());
    }

    public void setLimit(OrganizationModel organization, int limit) {
        quotas.setLimit(realm, organization.getId(), limit);
    }

    private static ClientRepresentation clientRepresentation(String clientId, OrganizationModel organization,
                                                             String name, CredentialSettings settings) {
        ClientRepresentation rep = new ClientRepresentation();
        rep.setClientId(clientId);
        rep.setName(name);
        rep.setDescription("Client credential of organization " + organization.getAlias()
                + ", managed by the " + OrgCredentialsConstants.EXTENSION + " API");
        rep.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        rep.setEnabled(true);
        rep.setPublicClient(false);
        rep.setBearerOnly(false);
        rep.setStandardFlowEnabled(false);
        rep.setImplicitFlowEnabled(false);
        rep.setDirectAccessGrantsEnabled(false);
        rep.setServiceAccountsEnabled(true);
        rep.setFrontchannelLogout(false);
        rep.setFullScopeAllowed(false);
        rep.setClientAuthenticatorType(OrgCredentialsConstants.AUTHENTICATOR_ID);
        // Explicit lists replace the realm's defaults (profile, email, roles, ...): a credential gets the
        // resource scopes and what a service account needs, nothing else.
        List<String> defaultScopes = new ArrayList<>(List.of(OIDCLoginProtocolFactory.BASIC_SCOPE));
        defaultScopes.addAll(settings.resourceScopes());
        rep.setDefaultClientScopes(defaultScopes);
        rep.setOptionalClientScopes(List.of());
        return rep;
    }
}
