package io.orgcredentials.keycloak;

/**
 * The extension's own names, in one place: provider ids, REST paths, the client policy, the theme, attribute keys
 * and admin-event resource paths. Keycloak's names come from Keycloak's constants classes, never from literals.
 */
public final class CredentialConstants {

    /**
     * The extension's one name: the admin REST path under a realm ({@code /admin/realms/{realm}/org-client-credentials}),
     * the realm REST path ({@code /realms/{realm}/org-client-credentials}), the settings SPI and its options
     * ({@code spi-org-client-credentials-...}), the guard's client policy and profile, the admin theme, the prefix of
     * the credential's client attributes and the first segment of every admin-event resource path.
     */
    public static final String EXTENSION = "org-client-credentials";

    /** The client authenticator of every credential's client ({@code clientAuthenticatorType}). */
    public static final String AUTHENTICATOR_ID = "org-client-credential";

    /**
     * The guard policy's condition. Equal to the authenticator's id since the first release: realms set up since
     * then refer to it, so it stays.
     */
    public static final String CONDITION_ID = "org-client-credential";

    /** The guard policy's executor. */
    public static final String GUARD_EXECUTOR_ID = "org-client-credential-guard";

    /** The client policy and the client profile that guard credentials, both named after the extension. */
    public static final String GUARD_POLICY_NAME = EXTENSION;
    public static final String GUARD_PROFILE_NAME = EXTENSION;

    /** The admin theme that adds the console tab (parent: the server's own keycloak.v2). */
    public static final String ADMIN_THEME = EXTENSION;

    /** The public client through which organization members sign in to the self-service page. */
    public static final String PORTAL_CLIENT_ID = EXTENSION + "-portal";

    /** The self-service page, below the realm path. */
    public static final String PORTAL = "portal";

    /**
     * Keycloak's own wording for an unknown client and a wrong secret (its ClientAuthUtil): every path of the extension
     * answers a caller who did not prove the secret with exactly this, so that a credential's client id cannot be told
     * from an unknown one.
     */
    public static final String INVALID_CLIENT_DESCRIPTION = "Invalid client or Invalid client credentials";

    /** Every client attribute of a credential starts with this. */
    public static final String ATTRIBUTE_PREFIX = EXTENSION + ".";

    /** Path segments below the extension's root, as in the REST paths. */
    public static final String ORGANIZATIONS = "organizations";
    public static final String CLIENTS = "clients";
    public static final String LIMIT = "limit";
    /** The rules a new credential of an organization meets (limit, lifetimes, grace, scopes), below {@link #ORGANIZATIONS}. */
    public static final String RULES = "rules";
    public static final String ROTATE_SECRET = "rotate-secret";
    /** A key credential's public keys, below a credential. */
    public static final String KEYS = "keys";
    public static final String SETUP = "setup";
    public static final String HASH_KEYS = "hash-keys";
    public static final String MANAGERS = "managers";

    private CredentialConstants() {
    }

    /**
     * An admin event's resource path: the REST path below the realm, with the organization's id (never the alias the
     * caller may have used), so that all events of one organization share a prefix.
     */
    public static String[] organizationEventPath(String organizationId, String... below) {
        String[] path = new String[3 + below.length];
        path[0] = EXTENSION;
        path[1] = ORGANIZATIONS;
        path[2] = organizationId;
        System.arraycopy(below, 0, path, 3, below.length);
        return path;
    }

    /** The self-service page of a realm, relative to the server's base URL, ending in a slash. */
    public static String portalPath(String realmName) {
        return "/realms/" + realmName + "/" + EXTENSION + "/" + PORTAL + "/";
    }

    /** The admin REST path that sets a realm up, for messages that tell an admin what to run. */
    public static String setupPath(String realmName) {
        return "/admin/realms/" + realmName + "/" + EXTENSION + "/" + SETUP;
    }
}
