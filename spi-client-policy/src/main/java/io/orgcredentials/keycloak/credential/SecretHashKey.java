package io.orgcredentials.keycloak.credential;

import java.security.SecureRandom;
import java.util.Base64;

import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The server-held key the secret hashes are keyed with (HMAC-SHA256), so that whoever can read or write a
 * credential's stored attributes still cannot compute a hash for a secret, an expiry or an organization of their
 * choosing. One key per Keycloak database, made on first use (whichever node comes first; the others read it),
 * kept in memory afterwards: the token path reads it from the database once per node, not per request.
 */
public final class SecretHashKey {

    private static final Logger LOG = Logger.getLogger(SecretHashKey.class);
    static final String ID = "v2";
    private static final int KEY_BYTES = 32;

    private static volatile byte[] cached;

    private SecretHashKey() {
    }

    public static byte[] get(KeycloakSession session) {
        byte[] key = cached;
        if (key == null) {
            key = load(session);
            cached = key;
        }
        return key;
    }

    /**
     * Read (and if need be made) in transactions of their own, which see what other nodes committed: the request's
     * own transaction may hold an older snapshot (MariaDB's REPEATABLE READ) in which the key is not there yet.
     */
    private static byte[] load(KeycloakSession session) {
        String value = readInOwnTransaction(session);
        if (value == null) {
            createInOwnTransaction(session);
            value = readInOwnTransaction(session);
        }
        if (value == null) {
            throw new IllegalStateException("the secret hash key could not be created");
        }
        return Base64.getDecoder().decode(value);
    }

    private static String readInOwnTransaction(KeycloakSession session) {
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), own -> {
            SecretHashKeyEntity row = own.getProvider(JpaConnectionProvider.class).getEntityManager()
                    .find(SecretHashKeyEntity.class, ID);
            return row == null ? null : row.getKeyValue();
        });
    }

    /** Committed at once; when two nodes make it at the same moment, one loses on the primary key and reads. */
    private static void createInOwnTransaction(KeycloakSession session) {
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> {
                EntityManager em = own.getProvider(JpaConnectionProvider.class).getEntityManager();
                if (em.find(SecretHashKeyEntity.class, ID) == null) {
                    byte[] key = new byte[KEY_BYTES];
                    new SecureRandom().nextBytes(key);
                    em.persist(new SecretHashKeyEntity(ID, Base64.getEncoder().encodeToString(key), Time.currentTime()));
                }
            });
        } catch (RuntimeException concurrentInsert) {
            LOG.debugf("the secret hash key was created concurrently: %s", concurrentInsert.getMessage());
        }
    }
}
