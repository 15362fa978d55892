package io.orgcredentials.keycloak.credential.jpa.upgrade;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.orgcredentials.keycloak.credential.Credential;
import io.orgcredentials.keycloak.credential.jpa.entity.CredentialIndexEntity;
import io.orgcredentials.keycloak.credential.jpa.entity.OrganizationQuotaEntity;
import io.orgcredentials.keycloak.credential.jpa.entity.SecretHashKeyEntity;
import io.orgcredentials.keycloak.hashkey.HashKey;
import io.orgcredentials.keycloak.hashkey.HashKeys;
import io.orgcredentials.keycloak.quota.OrganizationLimits;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Moves what versions before 0.5 kept in the extension's own tables into the realms, once per database, so that
 * an export carries it from then on and not a single credential stops working:
 * <ul>
 *   <li>the database-wide hash key becomes a hash key of every realm that has credentials or Organizations on
 *   ({@link HashKey#DATABASE_KEY_ID}; its version 2 hashes keep verifying with it);</li>
 *   <li>each organization's own limit becomes a realm component ({@link OrganizationLimits});</li>
 *   <li>each credential the index vouches for (same organization, name and expiry as its attributes) is sealed,
 *   with the client creation moment its version 2 or 1 hash is bound to recorded first.</li>
 * </ul>
 * A {@link OneTimeStep}: of nodes starting together, one does it and the others find it done.
 */
public final class RealmStateUpgrade {

    private static final Logger LOG = Logger.getLogger(RealmStateUpgrade.class);

    static final String TASK = "org-client-credentials-realm-state-upgrade";
    static final String DATABASE_KEY_NAME = "org-client-credentials hash key (the database's, before 0.5)";

    private final KeycloakSession session;
    private final EntityManager em;

    public RealmStateUpgrade(KeycloakSession session) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Runs the upgrade unless this database had it; whether it ran now. */
    public boolean runOnce(Instant now) {
        return OneTimeStep.runOnce(session, TASK, now, () -> {
            SecretHashKeyEntity databaseKey = em.find(SecretHashKeyEntity.class, SecretHashKeyEntity.ID);
            byte[] secret = databaseKey == null ? null : Base64.getDecoder().decode(databaseKey.getKeyValue());
            session.realms().getRealmsStream().forEach(realm -> upgrade(realm, secret));
            moveLimits();
        });
    }

    private void upgrade(RealmModel realm, byte[] databaseSecret) {
        session.getContext().setRealm(realm); // components and users want to know whose they are
        List<CredentialIndexEntity> rows = em.createQuery("select c from CredentialIndexEntity c where c.realmId = :realmId"
                + " and c.removedAt is null", CredentialIndexEntity.class).setParameter("realmId", realm.getId())
                .getResultList();
        if (rows.isEmpty() && !realm.isOrganizationsEnabled()) {
            return;
        }
        HashKeys keys = HashKeys.of(realm);
        // Without a database key (the first builds hashed without one, and later ones made it on first use), the
        // realm gets a key of its own to seal with: nothing hashed needs the missing one.
        HashKey key = databaseSecret == null
                ? keys.active().orElseGet(() -> keys.add(HashKey.DEFAULT_NAME, null, null))
                : keys.byKid(HashKey.DATABASE_KEY_ID)
                        .orElseGet(() -> keys.add(DATABASE_KEY_NAME, HashKey.DATABASE_KEY_ID, databaseSecret));
        int sealed = 0;
        for (CredentialIndexEntity row : rows) {
            ClientModel client = realm.getClientById(row.getClientUuid());
            Credential credential = client == null ? null : Credential.of(client).orElse(null);
            if (credential == null || credential.isSealed() || !row.toEntry().describes(credential)) {
                continue;
            }
            UserModel serviceAccount = session.users().getServiceAccount(client);
            credential.keepLegacyBinding();
            credential.seal(key, serviceAccount == null ? null : serviceAccount.getId());
            if (row.getNoticeDays() != null) {
                credential.recordNotice(row.getNoticeDays());
            }
            sealed++;
        }
        LOG.infof("Realm %s: the realm's hash key '%s' %s, %d client credential(s) sealed; a full export of the "
                + "realm now carries everything they need", realm.getName(), key.kid(),
                databaseSecret == null ? "was made" : "is the database's key of earlier versions", sealed);
    }

    private void moveLimits() {
        List<OrganizationQuotaEntity> quotas = em.createQuery("select q from OrganizationQuotaEntity q"
                + " where q.credentialLimit is not null", OrganizationQuotaEntity.class).getResultList();
        for (OrganizationQuotaEntity quota : quotas) {
            RealmModel realm = session.realms().getRealm(quota.getRealmId());
            if (realm != null) {
                session.getContext().setRealm(realm);
                OrganizationLimits limits = new OrganizationLimits(realm);
                if (limits.of(quota.getOrganizationId()).isEmpty()) {
                    limits.set(quota.getOrganizationId(), quota.getCredentialLimit());
                }
            }
            quota.setCredentialLimit(null);
        }
        if (!quotas.isEmpty()) {
            LOG.infof("Moved %d organization limit(s) into their realms", quotas.size());
        }
    }
}
