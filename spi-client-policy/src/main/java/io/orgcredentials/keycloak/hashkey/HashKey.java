package io.orgcredentials.keycloak.hashkey;

import java.util.Base64;

import org.keycloak.component.ComponentModel;
import org.keycloak.keys.Attributes;

/**
 * One key of a realm that credential secrets are hashed and their attributes sealed with (HMAC-SHA256): a realm
 * component of Keycloak's key-provider type, so that it lives, is cached and moves with the realm as Keycloak's own
 * realm keys do (in a full export; never in a partial export or the admin API, which drop undeclared settings).
 *
 * @param kid         the id every hash and seal names (stable across export and import)
 * @param secret      32 bytes, or null when the component carries no usable key material (see {@link #isUsable()})
 * @param enabled     a disabled key verifies nothing
 * @param active      whether new hashes may be made with it
 * @param priority    the active key of a realm is the enabled, active one of highest priority
 * @param componentId the component's id
 * @param name        the component's name, as the admin console's Keys tab shows it
 */
public record HashKey(String kid, byte[] secret, boolean enabled, boolean active, long priority, String componentId,
                      String name) {

    /** The key-provider id of these components (Realm settings → Keys → Providers). */
    public static final String PROVIDER_ID = "org-client-credentials-hash-key";

    /** Component settings that are not declared, so that Keycloak keeps them out of every admin view. */
    static final String KID = "kid";
    static final String SECRET = "secret";

    /** The name of the keys the extension makes, as the Keys tab lists them. */
    public static final String DEFAULT_NAME = "org-client-credentials hash key";

    /** The key earlier versions kept in the database table OCC_SECRET_HASH_KEY; the hashes of version 2 name none. */
    public static final String DATABASE_KEY_ID = "database-v2";

    static final int SECRET_BYTES = 32;

    static HashKey of(ComponentModel component) {
        return new HashKey(component.get(KID), decode(component.get(SECRET)),
                component.get(Attributes.ENABLED_KEY, true), component.get(Attributes.ACTIVE_KEY, true),
                component.get(Attributes.PRIORITY_KEY, 0L), component.getId(), component.getName());
    }

    /** Whether it has an id and 32 bytes of key material. */
    public boolean isUsable() {
        return kid != null && secret != null;
    }

    /** Whether new hashes and seals may be made with it. */
    public boolean mayHash() {
        return isUsable() && enabled && active;
    }

    /** Whether hashes and seals made with it are still accepted. */
    public boolean mayVerify() {
        return isUsable() && enabled;
    }

    /** active, passive (verifies, makes nothing new), disabled, or damaged (no usable material). */
    public String status() {
        if (!isUsable()) {
            return "damaged";
        }
        return !enabled ? "disabled" : active ? "active" : "passive";
    }

    private static byte[] decode(String value) {
        if (value == null) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(value);
            return bytes.length == SECRET_BYTES ? bytes : null;
        } catch (IllegalArgumentException damaged) {
            return null;
        }
    }
}
