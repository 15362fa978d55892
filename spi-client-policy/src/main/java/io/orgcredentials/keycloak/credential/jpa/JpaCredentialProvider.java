package io.orgcredentials.keycloak.credential.jpa;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.clientpolicy.GuardPolicy;
import io.orgcredentials.keycloak.credential.Credential;
import io.orgcredentials.keycloak.credential.CredentialClock;
import io.orgcredentials.keycloak.credential.CredentialEntry;
import io.orgcredentials.keycloak.credential.CredentialException;
import io.orgcredentials.keycloak.credential.CredentialProvider;
import io.orgcredentials.keycloak.credential.CredentialPublicKey;
import io.orgcredentials.keycloak.credential.CredentialSecret;
import io.orgcredentials.keycloak.credential.CredentialStatus;
import io.orgcredentials.keycloak.credential.ManagedCredential;
import io.orgcredentials.keycloak.credential.jpa.entity.CredentialIndexEntity;
import io.orgcredentials.keycloak.hashkey.HashKey;
import io.orgcredentials.keycloak.hashkey.HashKeys;
import io.orgcredentials.keycloak.metrics.CredentialMetrics;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import io.orgcredentials.keycloak.usage.LastUsedRecorder;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocolFactory;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.managers.ClientManager;
import org.keycloak.services.managers.RealmManager;

/**
 * The credential domain over Keycloak's clients and the extension's tables: the one implementation of a credential's
 * life for every path that touches it (the admin and members' APIs, the clean-up after Keycloak deleted something, the
 * token path). A credential is a confidential Keycloak client with a service account, its credential attributes
 * ({@link Credential}) and its index row ({@link CredentialIndexEntity}), all changed in the session's
 * transaction. The background pieces it reports to (last use, metrics, the guard policy's cache) belong to
 * {@link JpaCredentialProviderFactory}, one per server.
 */
final class JpaCredentialProvider implements CredentialProvider {

    private static final Logger LOG = Logger.getLogger(JpaCredentialProvider.class);

    private final KeycloakSession session;
    private final LastUsedRecorder lastUse;
    private final CredentialMetrics metrics;
    private final GuardPolicy guardPolicy;

    JpaCredentialProvider(KeycloakSession session, LastUsedRecorder lastUse, CredentialMetrics metrics,
                          GuardPolicy guardPolicy) {
        this.session = session;
        this.lastUse = lastUse;
        this.metrics = metrics;
        this.guardPolicy = guardPolicy;
    }

    /** Made when first needed: the token path asks this provider without touching the database. */
    private CredentialStore store() {
        return new CredentialStore(session);
    }

    private OrganizationQuotas quotas() {
        return new OrganizationQuotas(session);
    }

    @Override
    public Created create(RealmModel realm, OrganizationModel organization, String name, Instant expiresAt,
                          CredentialPublicKey publicKey, Instant now) {
        // Taken first and held to commit: concurrent creates for this organization, on any node, queue here.
        quotas().lock(realm.getId(), organization.getId());
        forgetRemovedClients(realm, organization);
        int limit = quotas().limitOf(realm, organization.getId());
        int used = store().countForUpdate(organization.getId());
        if (used >= limit) {
            throw new CredentialException(CredentialException.Kind.LIMIT_REACHED, "Organization "
                    + organization.getAlias() + " already has " + used + " of " + limit
                    + " client credentials; delete one, or ask a realm admin to raise the limit");
        }
        if (store().byName(organization.getId(), name).isPresent()) {
            throw new CredentialException(CredentialException.Kind.NAME_TAKEN, "Organization "
                    + organization.getAlias() + " already has a client credential named '" + name + "'");
        }

        CredentialSettings settings = CredentialSettings.of(session);
        ClientModel client = ClientManager.createClient(session, realm,
                clientRepresentation(UUID.randomUUID().toString(), organization, name, settings));
        new ClientManager(new RealmManager(session)).enableServiceAccount(client);
        // Keycloak put a plain-text secret there; the credential's secret exists only as the hash below.
        client.setSecret(null);

        String secret = null;
        if (publicKey == null) {
            secret = CredentialSecret.generate();
            Credential.bind(client, organization.getId(), name, now, expiresAt, secret, activeHashKey(realm),
                    serviceAccountId(client));
        } else {
            Credential.bindKeys(client, organization.getId(), name, now, expiresAt, List.of(publicKey),
                    activeHashKey(realm), serviceAccountId(client));
        }

        // The service account is deliberately not made a member of the organization: Keycloak re-checks the
        // membership type of organization members in the database each time it loads them from its cache, which
        // would put a query on every token request (measured: about a third of the throughput). The credential's
        // attributes and index row hold the binding; the token's organization claim comes from them.

        CredentialIndexEntity row = new CredentialIndexEntity(client.getId(), client.getClientId(), realm.getId(),
                organization.getId(), name, now.getEpochSecond(), expiresAt.getEpochSecond());
        store().add(row);
        return new Created(managed(realm, client, row.toEntry(), settings), secret);
    }

    @Override
    public List<ManagedCredential> list(RealmModel realm, OrganizationModel organization, CredentialStatus status,
                                        int first, int max, Instant now) {
        CredentialSettings settings = CredentialSettings.of(session);
        List<ManagedCredential> result = new ArrayList<>();
        for (CredentialIndexEntity row : store().list(organization.getId(), status, now, first, max)) {
            ClientModel client = realm.getClientById(row.getClientUuid());
            if (client != null) {
                result.add(managed(realm, client, row.toEntry(), settings));
            }
        }
        if (first == 0 && status == null) {
            for (CredentialIndexEntity removed : store().removedOf(organization.getId())) {
                ClientModel client = cameBack(realm, removed);
                if (client != null && result.size() < max) {
                    result.add(managed(realm, client, removed.toEntry(), settings));
                }
            }
        }
        return result;
    }

    @Override
    public Optional<ManagedCredential> find(RealmModel realm, OrganizationModel organization, String clientId) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null) {
            return Optional.empty();
        }
        String organizationId = organization.getId();
        Optional<CredentialIndexEntity> indexed = store().byClient(client.getId());
        // A row of a removed client is looked for only when the index does not hold this client in this organization.
        Optional<CredentialIndexEntity> row = indexed.filter(r -> organizationId.equals(r.getOrganizationId()))
                .or(() -> store().removedOf(organizationId).stream()
                        .filter(r -> clientId.equals(r.getClientId())).findFirst());
        boolean byAttributes = Credential.of(client)
                .filter(credential -> organizationId.equals(credential.organizationId())).isPresent();
        if (!byAttributes && row.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(managed(realm, client, row.or(() -> indexed).map(CredentialIndexEntity::toEntry).orElse(null),
                CredentialSettings.of(session)));
    }

    @Override
    public Rotated rotate(RealmModel realm, ManagedCredential managed, Duration grace, Instant now) {
        Optional<Credential> credential = Credential.of(managed.client());
        if (credential.isEmpty() || managed.status(now) != CredentialStatus.ACTIVE) {
            throw new CredentialException(CredentialException.Kind.NOT_ACTIVE, "Client credential '" + managed.name()
                    + "' is " + managed.status(now).value()
                    + "; a new secret would not make it usable: create a new client credential");
        }
        if (credential.get().usesKeys()) {
            throw new CredentialException(CredentialException.Kind.NOT_A_SECRET_CREDENTIAL, "Client credential '"
                    + managed.name() + "' authenticates with public keys, not a secret: add a key (POST .../keys) "
                    + "and remove the old one instead");
        }
        // Rotations of one credential take turns; one overtaken by another changes nothing, so that every secret
        // handed out was the credential's secret (the last two work).
        String seen = managed.client().getAttribute(Credential.SECRET_HASH);
        if (!store().lockUnchanged(managed.client().getId(), Credential.SECRET_HASH, seen)) {
            throw new CredentialException(CredentialException.Kind.CONCURRENT_CHANGE, "The secret of client "
                    + "credential '" + managed.name() + "' was rotated by another request at the same moment; this "
                    + "request changed nothing (the other request's secret is the current one)");
        }
        Instant expiresAt = credential.get().expiresAt();
        Instant previousUntil = now.plus(grace).isAfter(expiresAt) ? expiresAt : now.plus(grace);
        String secret = CredentialSecret.generate();
        credential.get().rotate(secret, activeHashKey(realm), now, previousUntil, serviceAccountId(managed.client()));
        return new Rotated(managed, secret);
    }

    @Override
    public ManagedCredential addKey(RealmModel realm, ManagedCredential managed, CredentialPublicKey publicKey,
                                    Instant now) {
        Credential credential = activeKeyCredential(managed, now);
        List<CredentialPublicKey> keys = new ArrayList<>(credential.publicKeys());
        if (keys.size() >= Credential.MAX_PUBLIC_KEYS) {
            throw new CredentialException(CredentialException.Kind.KEY_LIMIT_REACHED, "Client credential '"
                    + managed.name() + "' already has " + keys.size() + " public keys, the most it may hold: remove "
                    + "one (DELETE .../keys/{kid}) before adding another");
        }
        for (CredentialPublicKey key : keys) {
            if (key.thumbprint().equals(publicKey.thumbprint())) {
                throw new CredentialException(CredentialException.Kind.KEY_EXISTS, "Client credential '"
                        + managed.name() + "' has this key already (kid '" + key.kid() + "')");
            }
            if (key.kid().equals(publicKey.kid())) {
                throw new CredentialException(CredentialException.Kind.KEY_EXISTS, "Client credential '"
                        + managed.name() + "' has a key with kid '" + key.kid() + "' already: give the new key "
                        + "another kid, or none (its thumbprint is then its kid)");
            }
        }
        keys.add(publicKey);
        changeKeys(realm, managed, credential, keys);
        return managed;
    }

    @Override
    public CredentialPublicKey removeKey(RealmModel realm, ManagedCredential managed, String kid, Instant now) {
        Credential credential = activeKeyCredential(managed, now);
        List<CredentialPublicKey> keys = new ArrayList<>(credential.publicKeys());
        CredentialPublicKey removed = keys.stream().filter(key -> key.kid().equals(kid)).findFirst()
                .orElseThrow(() -> new CredentialException(CredentialException.Kind.KEY_NOT_FOUND,
                        "Client credential '" + managed.name() + "' has no key with kid '" + kid + "'"));
        if (keys.size() == 1) {
            throw new CredentialException(CredentialException.Kind.LAST_KEY, "Key '" + kid + "' is the last key of "
                    + "client credential '" + managed.name() + "': add its replacement first, or delete the "
                    + "credential");
        }
        keys.remove(removed);
        changeKeys(realm, managed, credential, keys);
        return removed;
    }

    /** The credential behind a key change, which must be an active key credential. */
    private static Credential activeKeyCredential(ManagedCredential managed, Instant now) {
        Optional<Credential> credential = Credential.of(managed.client());
        if (credential.isPresent() && !credential.get().usesKeys()) {
            throw new CredentialException(CredentialException.Kind.NOT_A_KEY_CREDENTIAL, "Client credential '"
                    + managed.name() + "' authenticates with a secret, not public keys: rotate its secret instead");
        }
        if (credential.isEmpty() || managed.status(now) != CredentialStatus.ACTIVE) {
            throw new CredentialException(CredentialException.Kind.NOT_ACTIVE, "Client credential '" + managed.name()
                    + "' is " + managed.status(now).value() + "; changing its keys would not make it usable: "
                    + "create a new client credential");
        }
        return credential.get();
    }

    /**
     * Writes the new key set, taking turns with other changes of the same credential's keys, and has Keycloak drop
     * the client's cached keys on every node, so that a removed key stops working at the next request.
     */
    private void changeKeys(RealmModel realm, ManagedCredential managed, Credential credential,
                            List<CredentialPublicKey> keys) {
        ClientModel client = managed.client();
        String seen = client.getAttribute(OIDCConfigAttributes.JWKS_STRING);
        if (!store().lockUnchanged(client.getId(), OIDCConfigAttributes.JWKS_STRING, seen)) {
            throw new CredentialException(CredentialException.Kind.CONCURRENT_CHANGE, "The keys of client credential '"
                    + managed.name() + "' were changed by another request at the same moment; this request changed "
                    + "nothing");
        }
        credential.replaceKeys(keys, activeHashKey(realm), serviceAccountId(client));
        client.updateClient();
    }

    @Override
    public void delete(RealmModel realm, ManagedCredential credential) {
        removeClient(realm, credential.client());
        store().removeByClient(credential.client().getId());
    }

    @Override
    public void organizationRemoved(RealmModel realm, String organizationId) {
        for (String clientUuid : store().clientUuidsOf(organizationId)) {
            ClientModel client = realm.getClientById(clientUuid);
            if (client != null) {
                LOG.debugf("removing client credential %s with its organization %s", client.getClientId(),
                        organizationId);
                removeClient(realm, client);
            }
        }
        store().removeByOrganization(organizationId);
        quotas().removeOrganization(realm, organizationId);
    }

    /**
     * The row is marked, not deleted, which frees the place in the limit and keeps sight of a client that an import
     * re-creates under the same id; this node forgets the client's last use at once.
     */
    @Override
    public void clientRemoved(String clientUuid) {
        store().markRemoved(clientUuid, CredentialClock.now());
        lastUse.forget(clientUuid);
    }

    @Override
    public void realmRemoved(String realmId) {
        store().removeByRealm(realmId);
        quotas().removeRealm(realmId);
        guardPolicy.forget(realmId);
    }

    @Override
    public void tokenIssued(RealmModel realm, ClientModel client, Instant now) {
        metrics.tokenIssued(realm);
        lastUse.used(client.getId(), now, CredentialSettings.of(session).lastUsedInterval());
    }

    @Override
    public void tokenRefused(RealmModel realm, String reason) {
        metrics.tokenRefused(realm, reason);
    }

    @Override
    public boolean guardPolicyInstalled(RealmModel realm) {
        return guardPolicy.isInstalled(session, realm);
    }

    @Override
    public Map<String, Integer> keyUsage(RealmModel realm, Instant now) {
        return new CredentialKeyUsage(session).count(realm, now);
    }

    @Override
    public int unkeyedCount(RealmModel realm, Instant now) {
        return new CredentialKeyUsage(session).countUnkeyed(realm, now);
    }

    /**
     * Why the credential cannot get a token although it exists, from what the index and the client show together:
     * the client's own {@link Credential#unusableReason}, or a disagreement between the two (a client made
     * or changed outside the extension). Empty when it is sound; expiry is not a reason here but a status.
     */
    Optional<String> unusableReason(ClientModel client, CredentialEntry entry, CredentialSettings settings) {
        Optional<Credential> found = Credential.of(client);
        if (found.isEmpty()) {
            return Optional.of("its client no longer carries the credential attributes");
        }
        Credential credential = found.get();
        if (entry == null) {
            return Optional.of("it was created outside the org-client-credentials API (for example by an import)");
        }
        if (entry.clientRemoved()) {
            return Optional.of("its client was removed and re-created outside the org-client-credentials API "
                    + "(for example by a partial import)");
        }
        if (!entry.describes(credential)) {
            return Optional.of("its organization, name or expiry attributes were changed outside the "
                    + "org-client-credentials API");
        }
        return credential.unusableReason(session, settings);
    }

    /**
     * The realm's key for new hashes. The set-up puts one in every realm; a realm whose keys were all removed or
     * disabled gets no new credentials until an admin adds one (nothing makes a key on its own).
     */
    private HashKey activeHashKey(RealmModel realm) {
        return HashKeys.of(realm).active().orElseThrow(() -> new CredentialException(
                CredentialException.Kind.SETUP_REQUIRED, "Realm " + realm.getName() + " has no active hash key for "
                + "client credentials; run POST " + CredentialConstants.setupPath(realm.getName())
                + " or add one with POST /admin/realms/" + realm.getName() + "/" + CredentialConstants.EXTENSION
                + "/" + CredentialConstants.HASH_KEYS));
    }

    private String serviceAccountId(ClientModel client) {
        UserModel serviceAccount = session.users().getServiceAccount(client);
        return serviceAccount == null ? null : serviceAccount.getId();
    }

    private ManagedCredential managed(RealmModel realm, ClientModel client, CredentialEntry entry,
                                      CredentialSettings settings) {
        return new ManagedCredential(client, entry, unusableReason(client, entry, settings));
    }

    private void removeClient(RealmModel realm, ClientModel client) {
        // Removes the service-account user (and so its membership) and the client's sessions.
        new ClientManager(new RealmManager(session)).removeClient(realm, client);
    }

    /** Rows of removed clients that did not come back are of no more use; tidied under the quota lock. */
    private void forgetRemovedClients(RealmModel realm, OrganizationModel organization) {
        for (CredentialIndexEntity removed : store().removedOf(organization.getId())) {
            if (cameBack(realm, removed) == null) {
                store().removeByClient(removed.getClientUuid());
            }
        }
    }

    /** The client that took the place of a removed one (same internal id or same clientId), if any. */
    private ClientModel cameBack(RealmModel realm, CredentialIndexEntity removed) {
        ClientModel client = realm.getClientById(removed.getClientUuid());
        return client != null ? client : realm.getClientByClientId(removed.getClientId());
    }

    @Override
    public void lockOrganization(RealmModel realm, OrganizationModel organization) {
        quotas().lock(realm.getId(), organization.getId());
    }

    @Override
    public boolean recordUse(String clientUuid, Instant now, Instant staleBefore) {
        return store().recordUse(clientUuid, now, staleBefore);
    }

    @Override
    public List<CredentialEntry> dueForNotice(Instant horizon, Instant oldest, CredentialEntry after, int max) {
        return store().dueForNotice(horizon, oldest, after, max).stream().map(CredentialIndexEntity::toEntry).toList();
    }

    @Override
    public boolean claimNotice(String clientUuid, int days) {
        return store().claimNotice(clientUuid, days);
    }

    @Override
    public boolean claimScheduledRun(String task, Instant now, Instant dueBefore) {
        return store().claimScheduledRun(task, now, dueBefore);
    }

    @Override
    public boolean holdsOnly(UserModel user, String roleId) {
        return new ServiceAccountGrants(session).holdsOnly(user.getId(), roleId);
    }

    @Override
    public Map<String, Long> countPerRealm(CredentialStatus status, Instant now) {
        return store().countByRealm(status, now);
    }

    @Override
    public int limit(RealmModel realm, OrganizationModel organization) {
        return quotas().limitOf(realm, organization.getId());
    }

    @Override
    public long count(RealmModel realm, OrganizationModel organization) {
        return store().count(organization.getId());
    }

    @Override
    public void setLimit(RealmModel realm, OrganizationModel organization, int limit) {
        quotas().setLimit(realm, organization.getId(), limit);
    }

    private static ClientRepresentation clientRepresentation(String clientId, OrganizationModel organization,
                                                             String name, CredentialSettings settings) {
        ClientRepresentation rep = new ClientRepresentation();
        rep.setClientId(clientId);
        rep.setName(name);
        rep.setDescription("Client credential of organization " + organization.getAlias()
                + ", managed by the " + CredentialConstants.EXTENSION + " API");
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
        rep.setClientAuthenticatorType(CredentialConstants.AUTHENTICATOR_ID);
        // Explicit lists replace the realm's defaults (profile, email, roles, ...): a credential gets the
        // resource scopes and what a service account needs, nothing else.
        List<String> defaultScopes = new ArrayList<>(List.of(OIDCLoginProtocolFactory.BASIC_SCOPE));
        defaultScopes.addAll(settings.resourceScopes());
        rep.setDefaultClientScopes(defaultScopes);
        rep.setOptionalClientScopes(List.of());
        return rep;
    }
}
