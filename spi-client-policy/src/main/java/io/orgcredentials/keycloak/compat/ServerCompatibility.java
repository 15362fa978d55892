package io.orgcredentials.keycloak.compat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.common.Version;
import org.keycloak.models.ClientModel;

/**
 * What the running Keycloak offers the extension, found out once, by looking rather than by linking: one jar
 * serves Keycloak 26.4 to 26.7, and a class or method a version lacks must never be linked on that version (the
 * JVM would fail the whole server's start-up). Everything version-dependent asks here.
 *
 * <p>On a Keycloak older than {@link #MINIMUM} or one that lacks something the rules depend on, the extension is
 * <em>disabled</em>: Keycloak starts as usual, one error in the log says why, credentials get no tokens (the
 * authenticator refuses them) and the set-up status reports the reason.
 */
public final class ServerCompatibility {

    private static final Logger LOG = Logger.getLogger(ServerCompatibility.class);

    /** The oldest Keycloak the extension is built and tested for. */
    public static final int[] MINIMUM = {26, 4};
    /** The newest minor release it was tested on; later ones run if they have what it needs, with a warning. */
    public static final int[] NEWEST_TESTED = {26, 7};

    /** Keycloak 26.7's token-interceptor SPI: shapes every token without any realm configuration. */
    static final String TOKEN_INTERCEPTOR = "org.keycloak.protocol.oidc.token.TokenPostProcessorFactory";
    /** Keycloak 26.7's fine-grained admin permissions (v2) for single organizations. */
    static final String ORGANIZATION_PERMISSIONS = "org.keycloak.services.resources.admin.fgap.OrganizationPermissionEvaluator";

    /** Classes every supported version has and the rules cannot do without. */
    static final List<String> REQUIRED_CLASSES = List.of(
            "org.keycloak.organization.OrganizationProvider",
            "org.keycloak.services.clientpolicy.context.ServiceAccountTokenResponseContext",
            "org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator",
            "org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider",
            "org.keycloak.connections.jpa.entityprovider.JpaEntityProvider",
            "org.keycloak.models.GroupModel$Type");

    private static final ServerCompatibility CURRENT = detect(Version.VERSION, ServerCompatibility.class.getClassLoader());

    private final String version;
    private final String disabledReason;
    private final boolean tokenInterceptor;
    private final boolean organizationPermissions;
    private final MethodHandle clientCreatedTimestamp;

    ServerCompatibility(String version, String disabledReason, boolean tokenInterceptor, boolean organizationPermissions,
                        MethodHandle clientCreatedTimestamp) {
        this.version = version;
        this.disabledReason = disabledReason;
        this.tokenInterceptor = tokenInterceptor;
        this.organizationPermissions = organizationPermissions;
        this.clientCreatedTimestamp = clientCreatedTimestamp;
    }

    /** The running server's. */
    public static ServerCompatibility current() {
        return CURRENT;
    }

    static ServerCompatibility detect(String version, ClassLoader loader) {
        String reason = null;
        int[] parsed = parseVersion(version);
        if (parsed == null) {
            reason = "its version '" + version + "' cannot be read";
        } else if (compare(parsed, MINIMUM) < 0) {
            reason = "it is older than Keycloak " + MINIMUM[0] + "." + MINIMUM[1]
                    + ", the oldest version the extension supports";
        } else {
            List<String> missing = new ArrayList<>();
            for (String name : REQUIRED_CLASSES) {
                if (!present(name, loader)) {
                    missing.add(name);
                }
            }
            if (!missing.isEmpty()) {
                reason = "it lacks " + String.join(", ", missing);
            }
        }
        return new ServerCompatibility(version, reason, present(TOKEN_INTERCEPTOR, loader),
                present(ORGANIZATION_PERMISSIONS, loader), createdTimestampGetter());
    }

    public String version() {
        return version;
    }

    public boolean isEnabled() {
        return disabledReason == null;
    }

    /** Why the extension is disabled on this server, or null when it is enabled. */
    public String disabledReason() {
        return disabledReason == null ? null : "The org-client-credentials extension " + ExtensionVersion.current()
                + " is disabled on Keycloak " + version
                + " because " + disabledReason + ". Credentials get no tokens and none can be created; "
                + "supported: Keycloak " + MINIMUM[0] + "." + MINIMUM[1] + " to " + NEWEST_TESTED[0] + "."
                + NEWEST_TESTED[1] + ".x";
    }

    /** A newer minor release than any the extension was tested on (it runs, if it has what the rules need). */
    public boolean isNewerThanTested() {
        int[] parsed = parseVersion(version);
        return parsed != null && compare(parsed, NEWEST_TESTED) > 0;
    }

    /**
     * A flaw of this Keycloak release that undoes what the extension relies on, with the release that fixes it; empty
     * when none is known. Keycloak 26.4.0 to 26.4.8 and 26.5.0 to 26.5.2 let anyone join any organization with a
     * forged invitation (CVE-2026-1529), and the members' API trusts organization membership.
     */
    public java.util.Optional<String> knownFlaw() {
        int[] full = parseFullVersion(version);
        if (full == null) {
            return java.util.Optional.empty();
        }
        boolean forgedInvitations = full[0] == 26 && (full[1] == 4 && full[2] <= 8 || full[1] == 5 && full[2] <= 2);
        return forgedInvitations ? java.util.Optional.of("Keycloak " + version + " lets anyone join any organization "
                + "with a forged invitation (CVE-2026-1529, fixed in 26.4.9 and 26.5.3); organization members may read "
                + "their organization's client credentials and named managers may change them, so upgrade Keycloak")
                : java.util.Optional.empty();
    }

    /** Whether Keycloak has the token-interceptor SPI (26.7+); otherwise tokens are shaped by the client policy. */
    public boolean hasTokenInterceptor() {
        return tokenInterceptor;
    }

    /** Whether Keycloak has per-organization admin permissions (26.7+). */
    public boolean hasOrganizationPermissions() {
        return organizationPermissions;
    }

    /**
     * {@code ClientModel.getCreatedTimestamp()} (26.6+), or null where the server does not have it or the client
     * predates it. Resolved once to a method handle, so the token path pays no reflection.
     */
    public Long clientCreatedTimestamp(ClientModel client) {
        if (clientCreatedTimestamp == null) {
            return null;
        }
        try {
            return (Long) clientCreatedTimestamp.invoke(client);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the one start-up line: an error when disabled, a warning on an untested newer release. */
    public void logOnce() {
        if (!isEnabled()) {
            LOG.error(disabledReason());
        } else if (isNewerThanTested()) {
            LOG.warnf("The org-client-credentials extension %s runs on Keycloak %s, newer than the newest release it "
                    + "was tested on (%d.%d.x); its rules are checked at every start-up, but test it before relying "
                    + "on it", ExtensionVersion.current(), version, NEWEST_TESTED[0], NEWEST_TESTED[1]);
        } else {
            LOG.infof("The org-client-credentials extension %s is enabled on Keycloak %s (token shaping: %s; "
                    + "per-organization admin permissions: %s)", ExtensionVersion.current(), version,
                    tokenInterceptor ? "token-interceptor SPI" : "client policy",
                    organizationPermissions ? "yes" : "no, organizations need manage-realm");
        }
        knownFlaw().ifPresent(LOG::warn);
    }

    /** Major, minor and patch, or null ("26.7" and "26.7.0-SNAPSHOT" count as patch 0). */
    static int[] parseFullVersion(String version) {
        int[] majorMinor = parseVersion(version);
        if (majorMinor == null) {
            return null;
        }
        String[] parts = version.split("[.-]");
        try {
            return new int[]{majorMinor[0], majorMinor[1], parts.length > 2 ? Integer.parseInt(parts[2]) : 0};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Major and minor, or null; "26.4.7", "26.7.0-SNAPSHOT" and "999.0.0-SNAPSHOT" all parse. */
    static int[] parseVersion(String version) {
        if (version == null) {
            return null;
        }
        String[] parts = version.split("[.-]");
        if (parts.length < 2) {
            return null;
        }
        try {
            return new int[]{Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static int compare(int[] a, int[] b) {
        return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
    }

    private static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static MethodHandle createdTimestampGetter() {
        try {
            return MethodHandles.publicLookup().findVirtual(ClientModel.class, "getCreatedTimestamp",
                    MethodType.methodType(Long.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
