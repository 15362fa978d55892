package io.orgcredentials.keycloak.credential.jpa;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.orgcredentials.keycloak.credential.Credential;
import io.orgcredentials.keycloak.credential.CredentialClock;
import io.orgcredentials.keycloak.credential.jpa.upgrade.ManagerRoleUpgrade;
import io.orgcredentials.keycloak.credential.jpa.upgrade.RealmStateUpgrade;
import io.orgcredentials.keycloak.hashkey.HashKeys;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * Keeps the extension's tables a rebuildable index of what the realms carry:
 * <ul>
 *   <li>after Keycloak's own start-up (its migrations and any realm import: {@link PostMigrationEvent}), it runs the
 *   one-time {@link RealmStateUpgrade} and {@link ManagerRoleUpgrade}, rebuilds the index of every realm from the clients' attributes, and logs once
 *   per realm a hash key that credentials need but the realm lacks, and an organization an import put over its
 *   limit;</li>
 *   <li>when any path creates a client (an import, a partial import), it indexes that client at commit if it carries
 *   credential attributes, so that it is listed (as unusable, if it is) and counted.</li>
 * </ul>
 * A failure here is logged and never stops Keycloak or an import.
 */
final class RealmStateListener {

    private static final Logger LOG = Logger.getLogger(RealmStateListener.class);

    private RealmStateListener() {
    }

    /** Registered by the credential domain's factory as a listener of Keycloak's provider events. */
    static void onEvent(ProviderEvent event) {
        if (event instanceof PostMigrationEvent started) {
            afterStart(started.getFactory());
        } else if (event instanceof ClientModel.ClientCreationEvent created) {
            // Keycloak 26.4 and 26.5 publish the event without its session: the thread's session is the creating one.
            KeycloakSession session = created.getKeycloakSession() != null ? created.getKeycloakSession()
                    : KeycloakSessionUtil.getKeycloakSession();
            indexAtCommit(session, created.getCreatedClient());
        }
    }

    private static void afterStart(KeycloakSessionFactory factory) {
        Instant now = CredentialClock.now();
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> new RealmStateUpgrade(session).runOnce(now));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not move the extension's state of an earlier version into the realms; it is tried "
                    + "again at the next start");
        }
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> new ManagerRoleUpgrade(session).runOnce(now));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not name organization credential managers from the realm role of earlier versions; "
                    + "it is tried again at the next start");
        }
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream()
                    .forEach(realm -> check(session, realm, now)));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not check the realms' client credentials at start-up");
        }
    }

    private static void check(KeycloakSession session, RealmModel realm, Instant now) {
        session.getContext().setRealm(realm);
        new CredentialIndex(session).rebuild(realm);
        new CredentialStore(session).countByOrganization(realm.getId()).forEach((organizationId, used) ->
                warnIfOverLimit(session, realm, organizationId, used));
        Map<String, Integer> needed = new CredentialKeyUsage(session).count(realm, now);
        HashKeys keys = HashKeys.of(realm);
        Set<String> missing = new TreeSet<>();
        needed.keySet().stream().filter(kid -> keys.verifying(kid) == null).forEach(missing::add);
        int unkeyed = new CredentialKeyUsage(session).countUnkeyed(realm, now);
        if (unkeyed > 0) {
            LOG.warnf("Realm %s: %d client credential(s) have a secret hashed without a key (the first builds); such "
                    + "hashes %s. Rotate their secrets (with the option on) or create new credentials.", realm.getName(),
                    unkeyed, CredentialSettings.of(session).unkeyedHashes()
                            ? "verify only because the server option unkeyed-hashes is on"
                            : "do not verify unless the server option unkeyed-hashes is on, so they get no tokens");
        }
        for (String kid : missing) {
            LOG.errorf("Realm %s: %d client credential(s) need the hash key '%s', which the realm %s; they get no "
                    + "tokens. Restore the key (a full export of the realm carries it) or create new credentials. "
                    + "GET /admin/realms/%s/org-client-credentials/setup lists it.", realm.getName(), needed.get(kid),
                    kid, keys.byKid(kid).isPresent() ? "has disabled or without material" : "does not have",
                    realm.getName());
        }
    }

    private static void warnIfOverLimit(KeycloakSession session, RealmModel realm, String organizationId) {
        warnIfOverLimit(session, realm, organizationId, new CredentialStore(session).count(organizationId));
    }

    /** An import can bring more credentials than an organization's limit: never silently. */
    private static void warnIfOverLimit(KeycloakSession session, RealmModel realm, String organizationId, long used) {
        int limit = new OrganizationQuotas(session).limitOf(realm, organizationId);
        if (used > limit) {
            LOG.warnf("Realm %s: organization %s has %d client credentials, more than its limit of %d (an import "
                    + "brought them); it gets no new ones until enough are deleted", realm.getName(), organizationId,
                    used, limit);
        }
    }

    /** Indexed when the transaction commits, once the creating path has set the client's attributes. */
    private static void indexAtCommit(KeycloakSession session, ClientModel client) {
        if (session == null || client == null) {
            return;
        }
        String clientUuid = client.getId();
        RealmModel realm = client.getRealm();
        session.getTransactionManager().enlistPrepare(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    ClientModel imported = realm.getClientById(clientUuid);
                    if (new CredentialIndex(session).index(realm, imported)) {
                        warnIfOverLimit(session, realm, imported.getAttribute(Credential.ORGANIZATION_ID));
                    }
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Realm %s: could not index client %s; it is indexed at the next start",
                            realm.getName(), client.getClientId());
                }
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }
}
