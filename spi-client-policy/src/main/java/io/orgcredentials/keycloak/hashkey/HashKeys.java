package io.orgcredentials.keycloak.hashkey;

import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.keys.Attributes;
import org.keycloak.keys.KeyProvider;
import org.keycloak.models.RealmModel;

/**
 * A realm's credential hash keys ({@link HashKey}), read from the realm's components: the realm cache holds them and
 * Keycloak invalidates them on every node when one is added, changed or removed, so the token path reads no table
 * and every node of a cluster sees the same keys. Nothing here ever makes a key on its own: a missing key is
 * reported by whoever needs it. An instance serves one request or job (it remembers the keys it looked up).
 */
public final class HashKeys {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final RealmModel realm;
    /** Keys looked up by id through this instance: a token request asks for the same one several times. */
    private final java.util.Map<String, Optional<HashKey>> byKid = new java.util.HashMap<>();

    private HashKeys(RealmModel realm) {
        this.realm = realm;
    }

    public static HashKeys of(RealmModel realm) {
        return new HashKeys(realm);
    }

    /** Letters, digits, '-' and '_': what a hash's text can carry between its separators. */
    public static boolean isValidKeyId(String kid) {
        return kid != null && KEY_ID.matcher(kid).matches();
    }

    /** Every hash key component of the realm, the one that hashes new secrets first. */
    public List<HashKey> all() {
        return components()
                .map(HashKey::of)
                .sorted(Comparator.comparing(HashKey::mayHash).reversed()
                        .thenComparing(Comparator.comparingLong(HashKey::priority).reversed())
                        .thenComparing(HashKey::componentId))
                .toList();
    }

    /** The key new secrets and seals are made with: enabled, active, highest priority (as Keycloak picks keys). */
    public Optional<HashKey> active() {
        return all().stream().filter(HashKey::mayHash).findFirst();
    }

    /** The key with this id, whatever its state (null id: none). */
    public Optional<HashKey> byKid(String kid) {
        if (kid == null) {
            return Optional.empty();
        }
        return byKid.computeIfAbsent(kid, id -> components().filter(component -> id.equals(component.get(HashKey.KID)))
                .findFirst().map(HashKey::of));
    }

    /** Material of the enabled key with this id, or null: what verifying a hash or a seal needs. */
    public byte[] verifying(String kid) {
        return byKid(kid).filter(HashKey::mayVerify).map(HashKey::secret).orElse(null);
    }

    /**
     * Adds a key: a fresh one (secret null) or, for the migration of the database key, the given material. It is
     * active with a priority above every other key of the realm, so it hashes from now on.
     */
    public HashKey add(String name, String kid, byte[] secret) {
        long priority = all().stream().mapToLong(HashKey::priority).max().orElse(0L) + (all().isEmpty() ? 100 : 1);
        ComponentModel component = new ComponentModel();
        component.setName(name);
        component.setParentId(realm.getId());
        component.setProviderId(HashKey.PROVIDER_ID);
        component.setProviderType(KeyProvider.class.getName());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle(Attributes.PRIORITY_KEY, Long.toString(priority));
        config.putSingle(Attributes.ENABLED_KEY, "true");
        config.putSingle(Attributes.ACTIVE_KEY, "true");
        if (kid != null) {
            config.putSingle(HashKey.KID, kid);
        }
        if (secret != null) {
            config.putSingle(HashKey.SECRET, Base64.getEncoder().encodeToString(secret));
        }
        component.setConfig(config);
        byKid.clear();
        return HashKey.of(realm.addComponentModel(component));
    }

    public void remove(HashKey key) {
        ComponentModel component = realm.getComponent(key.componentId());
        if (component != null) {
            realm.removeComponent(component);
        }
        byKid.clear();
    }

    private java.util.stream.Stream<ComponentModel> components() {
        return realm.getComponentsStream(realm.getId(), KeyProvider.class.getName())
                .filter(component -> HashKey.PROVIDER_ID.equals(component.getProviderId()));
    }
}
