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

    private static byte[] load(KeycloakSession session) {
        SecretHashKeyEntity row = read(session);
        if (row == null) {
            createInOwnTransaction(session);
            row = read(session);
        }
        if (row == null) {
            throw new IllegalStateException("the secret hash key could not be created");
        }
        return Base64.getDecoder().decode(row.getKeyValue());
    }

    private static SecretHashKeyEntity read(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager().find(SecretHashKeyEntity.class, ID);
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
