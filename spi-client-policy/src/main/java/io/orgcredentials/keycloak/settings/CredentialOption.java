package io.orgcredentials.keycloak.settings;

import java.util.function.Function;

import io.orgcredentials.keycloak.CredentialConstants;

/**
 * The server options, in one table: their names, types and help (Keycloak's option metadata, shown by
 * {@code kc.sh} and the server info) and how to read each one's value from {@link CredentialSettings} (the
 * operational info). {@link CredentialSettings#from} reads them by these names.
 */
public enum CredentialOption {

    DEFAULT_LIMIT("default-limit", "int", CredentialSettings::defaultLimit,
            "Client credentials an organization may hold unless a realm admin sets its own limit."),
    MAXIMUM_LIMIT("maximum-limit", "int", CredentialSettings::maximumLimit,
            "The highest per-organization limit a realm admin may set."),
    DEFAULT_LIFETIME("default-lifetime", "string", settings -> settings.defaultLifetime().toString(),
            "ISO-8601 period: lifetime of a credential created without expiresAt."),
    MINIMUM_LIFETIME("minimum-lifetime", "string", settings -> settings.minimumLifetime().toString(),
            "ISO-8601 duration: how far ahead expiresAt must at least be."),
    MAXIMUM_LIFETIME("maximum-lifetime", "string", settings -> settings.maximumLifetime().toString(),
            "ISO-8601 period: how far ahead expiresAt may at most be."),
    RESOURCE_SCOPES("resource-scopes", "string", settings -> String.join(",", settings.resourceScopes()),
            "Comma-separated resource APIs a token may reach (scope names and audiences)."),
    ACCESS_TOKEN_LIFESPAN("access-token-lifespan", "int", CredentialSettings::accessTokenLifespan,
            "Seconds an access token lives (never past the credential's expiry)."),
    ORGANIZATION_CLAIM_IDS("organization-claim-ids", "boolean", CredentialSettings::organizationClaimIds,
            "Put organization ids in the organization claim ({\"acme\":{\"id\":...}})."),
    MANAGER_ROLE("manager-role", "string", CredentialSettings::managerRole,
            "Realm role of versions before 0.6: its holders became managers of their organizations at the upgrade; it grants nothing now."),
    ROTATION_GRACE("rotation-grace", "string", settings -> settings.rotationGrace().toString(),
            "ISO-8601 duration: how long a rotated-out secret keeps working, at most and by default (PT0S to P7D)."),
    LAST_USED_INTERVAL("last-used-interval", "string", settings -> settings.lastUsedInterval().toString(),
            "ISO-8601 duration: a credential's last-used time is written at most once per interval."),
    EXPIRY_NOTICE_DAYS("expiry-notice-days", "string", settings -> settings.sendsExpiryNotices() ? join(settings.expiryNoticeDays()) : "none",
            "Comma-separated days before expiry at which a notice goes out (0: at expiry; none: no notices)."),
    EXPIRY_NOTICE_INTERVAL("expiry-notice-interval", "string", settings -> settings.expiryNoticeInterval().toString(),
            "ISO-8601 duration: how often one node of the cluster looks for credentials to give notice of."),
    EXPIRY_NOTICE_RECIPIENTS("expiry-notice-recipients", "string",
            settings -> join(settings.expiryNoticeRecipients().stream().sorted().toList()),
            "Who is e-mailed expiry notices: managers (the organization's credential managers, at verified addresses), organization-email "
                    + "(the addresses in the organization attribute " + CredentialSettings.NOTICE_EMAIL_ATTRIBUTE + ")."),
    MEMBERS_API_CLIENTS("members-api-clients", "string", settings -> join(settings.memberApiClients().stream().sorted().toList()),
            "Comma-separated clients, besides " + CredentialConstants.PORTAL_CLIENT_ID
                    + ", whose user tokens the members' API accepts (by azp)."),
    UNKEYED_HASHES("unkeyed-hashes", "boolean", CredentialSettings::unkeyedHashes,
            "Let secret hashes of the first builds (v1, no key) verify; off: such credentials get no token.");

    private final String key;
    private final String type;
    private final Function<CredentialSettings, Object> value;
    private final String help;

    CredentialOption(String key, String type, Function<CredentialSettings, Object> value, String help) {
        this.key = key;
        this.type = type;
        this.value = value;
        this.help = help;
    }

    /** The option's name below the SPI: {@code --spi-org-client-credentials--default--<key>}. */
    public String key() {
        return key;
    }

    public String type() {
        return type;
    }

    public String help() {
        return help;
    }

    private static String join(java.util.Collection<?> values) {
        return values.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }

    /** The option's value in these settings, typed as its metadata says. */
    public Object valueIn(CredentialSettings settings) {
        return value.apply(settings);
    }
}
