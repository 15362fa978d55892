package io.orgcredentials.keycloak.credential.jpa;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.orgcredentials.keycloak.credential.Credential;
import io.orgcredentials.keycloak.credential.CredentialSeal;
import io.orgcredentials.keycloak.credential.CredentialSecret;
import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Which hash keys a realm's credentials need, and how many credentials need each: a credential needs the key of its
 * seal, of its secret hash and, during a rotation's grace, of its previous secret hash. Read from Keycloak's client
 * attributes in a few queries (admin calls and start-up only; never the token path).
 */
final class CredentialKeyUsage {

    private final EntityManager em;

    CredentialKeyUsage(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Key id → how many of the realm's credential clients need it at {@code now}. */
    public Map<String, Integer> count(RealmModel realm, Instant now) {
        Map<String, Set<String>> clientsByKey = new HashMap<>();
        attributesByClient(realm).forEach((clientUuid, attributes) -> {
            add(clientsByKey, CredentialSeal.keyId(attributes.get(Credential.SEAL)), clientUuid);
            add(clientsByKey, CredentialSecret.keyId(attributes.get(Credential.SECRET_HASH)), clientUuid);
            if (inGrace(attributes.get(Credential.PREVIOUS_SECRET_UNTIL), now)) {
                add(clientsByKey, CredentialSecret.keyId(attributes.get(Credential.PREVIOUS_SECRET_HASH)),
                        clientUuid);
            }
        });
        Map<String, Integer> counts = new TreeMap<>();
        clientsByKey.forEach((kid, clients) -> counts.put(kid, clients.size()));
        return counts;
    }

    /** How many of the realm's credentials have a secret (current, or previous in its grace) hashed without a key. */
    public int countUnkeyed(RealmModel realm, Instant now) {
        int unkeyed = 0;
        for (Map<String, String> attributes : attributesByClient(realm).values()) {
            if (CredentialSecret.isUnkeyed(attributes.get(Credential.SECRET_HASH))
                    || inGrace(attributes.get(Credential.PREVIOUS_SECRET_UNTIL), now)
                    && CredentialSecret.isUnkeyed(attributes.get(Credential.PREVIOUS_SECRET_HASH))) {
                unkeyed++;
            }
        }
        return unkeyed;
    }

    private Map<String, Map<String, String>> attributesByClient(RealmModel realm) {
        Map<String, Map<String, String>> byClient = new HashMap<>();
        em.createQuery("select a.client.id, a.name, a.value from ClientAttributeEntity a"
                        + " where a.client.realmId = :realmId and a.name in :names", Object[].class)
                .setParameter("realmId", realm.getId())
                .setParameter("names", List.of(Credential.SEAL, Credential.SECRET_HASH,
                        Credential.PREVIOUS_SECRET_HASH, Credential.PREVIOUS_SECRET_UNTIL))
                .getResultList()
                .forEach(row -> byClient.computeIfAbsent((String) row[0], id -> new HashMap<>())
                        .put((String) row[1], (String) row[2]));
        return byClient;
    }

    private static void add(Map<String, Set<String>> clientsByKey, String kid, String clientUuid) {
        if (kid != null) {
            clientsByKey.computeIfAbsent(kid, k -> new HashSet<>()).add(clientUuid);
        }
    }

    private static boolean inGrace(String until, Instant now) {
        try {
            return until != null && Long.parseLong(until) > now.getEpochSecond();
        } catch (NumberFormatException damaged) {
            return false;
        }
    }
}
