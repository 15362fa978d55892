package io.orgcredentials.keycloak.it.support;

/**
 * The Keycloak version the integration tests run against (-Dkeycloak.version), for the few expectations that
 * differ between supported versions because Keycloak itself differs.
 */
public final class KeycloakVersion {

    private KeycloakVersion() {
    }

    public static String current() {
        return System.getProperty("it.keycloak.version", "26.7.3");
    }

    public static boolean atLeast(int major, int minor) {
        String[] parts = current().split("[.-]");
        int actualMajor = Integer.parseInt(parts[0]);
        int actualMinor = Integer.parseInt(parts[1]);
        return actualMajor != major ? actualMajor > major : actualMinor >= minor;
    }

    /** Whether the version is at most major.minor.patch (a version without a patch counts as .0). */
    public static boolean atMost(int major, int minor, int patch) {
        String[] parts = current().split("[.-]");
        int[] actual = {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
            parts.length > 2 && parts[2].matches("\\d+") ? Integer.parseInt(parts[2]) : 0};
        int[] limit = {major, minor, patch};
        for (int i = 0; i < 3; i++) {
            if (actual[i] != limit[i]) {
                return actual[i] < limit[i];
            }
        }
        return true;
    }

    /**
     * Keycloak 26.7 has view-/manage-organizations roles and per-organization permissions; 26.4 and 26.5 require
     * manage-realm for every organization endpoint (and so does the extension).
     */
    public static boolean hasOrganizationRoles() {
        return atLeast(26, 7);
    }

    /** The realm-management role that lets an admin see organizations on this version. */
    public static String viewOrganizationsRole() {
        return hasOrganizationRoles() ? "view-organizations" : "manage-realm";
    }
}
