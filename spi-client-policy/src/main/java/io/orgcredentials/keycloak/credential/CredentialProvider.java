package io.orgcredentials.keycloak.credential;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.models.ClientModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

/**
 * The credential domain, as every part of the extension reaches it: {@code session.getProvider(CredentialProvider.class)}.
 * A credential's life (create, find, list, rotate, delete), its organization's limit, the keys its realm needs, what
 * happens when Keycloak removes a client, an organization or a realm, and what its token requests leave behind (last
 * use, metrics). Everything is changed in the session's transaction; breaking a rule throws
 * {@link CredentialException}; nothing here knows HTTP.
 */
public interface CredentialProvider extends Provider {

    /**
     * A created credential and its secret, which exists nowhere else once the caller has handed it out (null for a
     * credential with a public key).
     */
    record Created(ManagedCredential credential, String secret) {
    }

    /** A rotated credential and its new secret, handed out once (when the old one stops is the credential's to say). */
    record Rotated(ManagedCredential credential, String secret) {
    }

    /**
     * Creates a credential in the organization, within its limit and with a name unique in it.
     *
     * @throws CredentialException LIMIT_REACHED, NAME_TAKEN or SETUP_REQUIRED (no active hash key)
     */
    default Created create(RealmModel realm, OrganizationModel organization, String name, Instant expiresAt,
                           Instant now) {
        return create(realm, organization, name, expiresAt, null, now);
    }

    /**
     * The same, for a credential that authenticates with {@code publicKey} (client assertions, RFC 7523) rather than a
     * secret; null makes a secret credential. A key credential's {@link Created#secret()} is null.
     */
    Created create(RealmModel realm, OrganizationModel organization, String name, Instant expiresAt,
                   CredentialPublicKey publicKey, Instant now);

    /**
     * Adds a public key to an active key credential, beside the one it has (both work until one is removed); the
     * expiry stays.
     *
     * @throws CredentialException NOT_A_KEY_CREDENTIAL, NOT_ACTIVE, KEY_LIMIT_REACHED, KEY_EXISTS or CONCURRENT_CHANGE
     */
    ManagedCredential addKey(RealmModel realm, ManagedCredential credential, CredentialPublicKey publicKey, Instant now);

    /**
     * Removes a key of an active key credential: assertions it signs fail from the next request, on every node.
     *
     * @return the key removed
     * @throws CredentialException NOT_A_KEY_CREDENTIAL, NOT_ACTIVE, KEY_NOT_FOUND, LAST_KEY or CONCURRENT_CHANGE
     */
    CredentialPublicKey removeKey(RealmModel realm, ManagedCredential credential, String kid, Instant now);

    /**
     * Newest first; {@code status} ACTIVE or EXPIRED filters, null lists every credential. The first page of an unfiltered listing also shows clients that Keycloak removed and something
     * re-created under the same id (a partial import), as unusable, so that a client carrying credential attributes is
     * never hidden.
     */
    List<ManagedCredential> list(RealmModel realm, OrganizationModel organization, CredentialStatus status,
                                 int first, int max, Instant now);

    /**
     * The credential with this clientId in this organization, found by its attributes or by the index (so that a
     * damaged credential can still be seen and deleted); another organization's is not found.
     */
    Optional<ManagedCredential> find(RealmModel realm, OrganizationModel organization, String clientId);

    /**
     * Gives the credential a new secret; the one it replaces keeps working for {@code grace} (never past the
     * credential's expiry), and a secret an earlier rotation replaced stops at once.
     *
     * @throws CredentialException NOT_ACTIVE for an expired or unusable credential, NOT_A_SECRET_CREDENTIAL for one
     *                             with public keys, CONCURRENT_CHANGE when another rotation of it overtook this one
     */
    Rotated rotate(RealmModel realm, ManagedCredential credential, Duration grace, Instant now);

    /** Deletes the credential: its client (with the service-account user and its sessions) and its index row. */
    void delete(RealmModel realm, ManagedCredential credential);

    /** How many credentials the organization may have: its own limit, or the server's default. */
    int limit(RealmModel realm, OrganizationModel organization);

    /** How many credentials count against the organization's limit. */
    long count(RealmModel realm, OrganizationModel organization);

    void setLimit(RealmModel realm, OrganizationModel organization, int limit);

    /** Hash-key id → how many of the realm's credentials need that key at {@code now}. */
    Map<String, Integer> keyUsage(RealmModel realm, Instant now);

    /** How many of the realm's credentials still have an unkeyed ({@code v1:}) secret hash at {@code now}. */
    int unkeyedCount(RealmModel realm, Instant now);

    /** The organization is being removed: its credentials, their rows and its limit go with it. */
    void organizationRemoved(RealmModel realm, String organizationId);

    /** Keycloak removed a credential's client by another path: its place in the limit is freed. */
    void clientRemoved(String clientUuid);

    /** Keycloak removed the realm: nothing of the extension's is left behind. */
    void realmRemoved(String realmId);

    /** A credential got a token: counted, and its last use recorded off the request's path. Never throws. */
    void tokenIssued(RealmModel realm, ClientModel client, Instant now);

    /** A credential's token request was refused; {@code reason} is the login event's. Never throws. */
    void tokenRefused(RealmModel realm, String reason);

    /**
     * Changes of the organization's credential governance (its credentials, its limit, its managers) take turns on
     * every node from here until the transaction ends.
     */
    void lockOrganization(RealmModel realm, OrganizationModel organization);

    /**
     * For the last-used writer: records that the credential got a token at {@code now}, unless a record newer than
     * {@code staleBefore} exists (written by any node), so that a credential costs at most one write per interval.
     * Whether it wrote.
     */
    boolean recordUse(String clientUuid, Instant now, Instant staleBefore);

    /**
     * For the expiry notices: credentials of every realm expiring by {@code horizon} (and after {@code oldest}) whose
     * at-expiry notice is not out, in (expiry, client uuid) order after {@code after} (null: from the start), so that
     * entries claimed meanwhile do not shift the next page.
     */
    List<CredentialEntry> dueForNotice(Instant horizon, Instant oldest, CredentialEntry after, int max);

    /**
     * Claims the notice for {@code days} before expiry: true for exactly one caller across the cluster, and only if
     * no notice for as few days or fewer went out before.
     */
    boolean claimNotice(String clientUuid, int days);

    /**
     * Claims this period of a task that one node of the cluster runs per period ({@code task} is its name): true for
     * the first caller once the last run is before {@code dueBefore}.
     */
    boolean claimScheduledRun(String task, Instant now, Instant dueBefore);

    /**
     * Whether the user holds no role but {@code roleId} and belongs to no group (an organization's included), read
     * from the database in one statement: the token path's question about a credential's service account when
     * Keycloak's user cache has no answer kept for it.
     */
    boolean holdsOnly(UserModel user, String roleId);

    /** For the metrics: credentials per realm id that are ACTIVE or EXPIRED at {@code now}. */
    Map<String, Long> countPerRealm(CredentialStatus status, Instant now);

    /**
     * Whether the realm's guard policy is there and enabled (on Keycloak 26.4/26.5 it shapes credential tokens, so
     * it is asked at every token request: answered from a cache that any change of the realm's policies refreshes).
     */
    boolean guardPolicyInstalled(RealmModel realm);

    @Override
    default void close() {
    }
}
