package io.orgcredentials.keycloak.settings;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.orgcredentials.keycloak.CredentialConstants;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;

/**
 * The server-wide rules for organization client credentials, read once at start-up from the options of the
 * {@code org-client-credentials} SPI, for example {@code --spi-org-client-credentials--default--default-limit=25}.
 *
 * @param defaultLimit          credentials an organization may hold unless a realm admin set its own limit
 * @param maximumLimit          the highest per-organization limit an admin may set
 * @param defaultLifetime       lifetime of a credential created without {@code expiresAt}
 * @param minimumLifetime       how far in the future {@code expiresAt} must at least be
 * @param maximumLifetime       how far in the future {@code expiresAt} may at most be
 * @param resourceScopes        the fixed resource APIs a token may reach (scope names and audiences)
 * @param accessTokenLifespan   lifetime of one access token, in seconds (never past the credential's expiry)
 * @param organizationClaimIds  whether the {@code organization} claim carries ids ({"acme":{"id":...}})
 *                              instead of the plain alias list (["acme"])
 * @param managerRole           the realm role that granted the right to manage credentials before 0.6 (converted at the
 *                              upgrade; it grants nothing now)
 * @param rotationGrace         how long a rotated-out secret keeps working, at most (and by default); at most 7 days
 * @param lastUsedInterval      how stale a credential's last-used time may get: at most one write per interval
 * @param expiryNoticeDays      days before expiry at which a notice goes out (0: at expiry), largest first; none for no notices
 * @param expiryNoticeInterval  how often the cluster looks for credentials to give notice of
 * @param expiryNoticeRecipients who is e-mailed a notice: {@code managers} (members holding the manager role) and
 *                              {@code organization-email} (the addresses in the organization attribute
 *                              {@value #NOTICE_EMAIL_ATTRIBUTE})
 * @param memberApiClients      clients besides the self-service client whose user tokens the members' API accepts
 *                              (by the token's {@code azp}, never its audience)
 * @param unkeyedHashes         whether secret hashes of the first builds (version 1, no key) still verify: off by
 *                              default, since anyone who can write a client's attributes could plant one
 */
public record CredentialSettings(
        int defaultLimit,
        int maximumLimit,
        Period defaultLifetime,
        Duration minimumLifetime,
        Period maximumLifetime,
        List<String> resourceScopes,
        int accessTokenLifespan,
        boolean organizationClaimIds,
        String managerRole,
        Duration rotationGrace,
        Duration lastUsedInterval,
        List<Integer> expiryNoticeDays,
        Duration expiryNoticeInterval,
        Set<String> expiryNoticeRecipients,
        Set<String> memberApiClients,
        boolean unkeyedHashes) {

    /** The most a rotated-out secret may keep working. */
    public static final Duration LONGEST_ROTATION_GRACE = Duration.ofDays(7);
    public static final String RECIPIENTS_MANAGERS = "managers";
    public static final String RECIPIENTS_ORGANIZATION_EMAIL = "organization-email";
    /** The organization attribute whose values are e-mail addresses that receive expiry notices. */
    public static final String NOTICE_EMAIL_ATTRIBUTE = "org-client-credentials-notice-email";

    public static final CredentialSettings DEFAULTS = new CredentialSettings(
            10, 10_000, Period.ofMonths(6), Duration.ZERO, Period.ofYears(1),
            List.of("deployments", "configs", "certificates"), 3600, false, "org-client-credentials-manager",
            Duration.ofHours(24), Duration.ofHours(1), List.of(30, 7, 1, 0), Duration.ofHours(1),
            Set.of(RECIPIENTS_MANAGERS, RECIPIENTS_ORGANIZATION_EMAIL), Set.of(), false);

    public CredentialSettings {
        require(defaultLimit >= 0, "default-limit must be 0 or more");
        require(maximumLimit >= defaultLimit, "maximum-limit must be at least default-limit");
        require(!defaultLifetime.isNegative() && !defaultLifetime.isZero(), "default-lifetime must be positive");
        require(!minimumLifetime.isNegative(), "minimum-lifetime must not be negative");
        require(!maximumLifetime.isNegative() && !maximumLifetime.isZero(), "maximum-lifetime must be positive");
        Instant probe = Instant.parse("2026-01-01T00:00:00Z");
        require(!plus(probe, defaultLifetime).isAfter(plus(probe, maximumLifetime)),
                "default-lifetime must not exceed maximum-lifetime");
        require(plus(probe, maximumLifetime).isAfter(probe.plus(minimumLifetime)),
                "maximum-lifetime must exceed minimum-lifetime");
        resourceScopes = List.copyOf(resourceScopes);
        require(!resourceScopes.isEmpty(), "resource-scopes must name at least one scope");
        require(Set.copyOf(resourceScopes).size() == resourceScopes.size(), "resource-scopes must not repeat a name");
        require(resourceScopes.stream().allMatch(s -> s.matches("[A-Za-z0-9._:-]+")),
                "resource-scopes must be scope names (letters, digits, '.', '_', ':', '-')");
        require(accessTokenLifespan > 0, "access-token-lifespan must be positive");
        require(managerRole != null && managerRole.matches("[A-Za-z0-9._:-]+"),
                "manager-role must be a role name (letters, digits, '.', '_', ':', '-')");
        require(!rotationGrace.isNegative() && rotationGrace.compareTo(LONGEST_ROTATION_GRACE) <= 0,
                "rotation-grace must be from PT0S to P7D");
        require(!lastUsedInterval.isNegative(), "last-used-interval must not be negative");
        expiryNoticeDays = expiryNoticeDays.stream().distinct().sorted(Comparator.reverseOrder()).toList();
        require(expiryNoticeDays.stream().allMatch(days -> days >= 0 && days <= 366),
                "expiry-notice-days must be whole numbers of days from 0 to 366");
        require(expiryNoticeInterval.getSeconds() >= 1, "expiry-notice-interval must be at least PT1S");
        expiryNoticeRecipients = Set.copyOf(expiryNoticeRecipients);
        require(Set.of(RECIPIENTS_MANAGERS, RECIPIENTS_ORGANIZATION_EMAIL).containsAll(expiryNoticeRecipients),
                "expiry-notice-recipients must name only " + RECIPIENTS_MANAGERS + " and "
                        + RECIPIENTS_ORGANIZATION_EMAIL);
        memberApiClients = Set.copyOf(memberApiClients);
        require(memberApiClients.stream().allMatch(id -> !id.isBlank()), "members-api-clients must be client ids");
    }

    /** Reads the options, falling back to {@link #DEFAULTS}; a bad value stops the server with a clear message. */
    public static CredentialSettings from(Config.Scope config) {
        CredentialSettings defaults = DEFAULTS;
        try {
            return new CredentialSettings(
                    config.getInt(CredentialOption.DEFAULT_LIMIT.key(), defaults.defaultLimit()),
                    config.getInt(CredentialOption.MAXIMUM_LIMIT.key(), defaults.maximumLimit()),
                    parse(config, CredentialOption.DEFAULT_LIFETIME.key(), defaults.defaultLifetime(), Period::parse),
                    parse(config, CredentialOption.MINIMUM_LIFETIME.key(), defaults.minimumLifetime(), Duration::parse),
                    parse(config, CredentialOption.MAXIMUM_LIFETIME.key(), defaults.maximumLifetime(), Period::parse),
                    parse(config, CredentialOption.RESOURCE_SCOPES.key(), defaults.resourceScopes(),
                            CredentialSettings::list),
                    config.getInt(CredentialOption.ACCESS_TOKEN_LIFESPAN.key(), defaults.accessTokenLifespan()),
                    config.getBoolean(CredentialOption.ORGANIZATION_CLAIM_IDS.key(), defaults.organizationClaimIds()),
                    parse(config, CredentialOption.MANAGER_ROLE.key(), defaults.managerRole(), String::valueOf),
                    parse(config, CredentialOption.ROTATION_GRACE.key(), defaults.rotationGrace(), Duration::parse),
                    parse(config, CredentialOption.LAST_USED_INTERVAL.key(), defaults.lastUsedInterval(),
                            Duration::parse),
                    parse(config, CredentialOption.EXPIRY_NOTICE_DAYS.key(), defaults.expiryNoticeDays(),
                            value -> "none".equals(value) ? List.<Integer>of()
                                    : list(value).stream().map(Integer::valueOf).toList()),
                    parse(config, CredentialOption.EXPIRY_NOTICE_INTERVAL.key(), defaults.expiryNoticeInterval(),
                            Duration::parse),
                    parse(config, CredentialOption.EXPIRY_NOTICE_RECIPIENTS.key(), defaults.expiryNoticeRecipients(),
                            value -> Set.copyOf(list(value))),
                    parse(config, CredentialOption.MEMBERS_API_CLIENTS.key(), defaults.memberApiClients(),
                            value -> Set.copyOf(list(value))),
                    config.getBoolean(CredentialOption.UNKEYED_HASHES.key(), defaults.unkeyedHashes()));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(CredentialConstants.EXTENSION + ": bad option value: " + e.getMessage(),
                    e);
        }
    }

    /** The settings in force on this server. */
    public static CredentialSettings of(KeycloakSession session) {
        return session.getProvider(CredentialSettingsProvider.class).settings();
    }

    public Instant defaultExpiry(Instant now) {
        return plus(now, defaultLifetime);
    }

    public Instant latestExpiry(Instant now) {
        return plus(now, maximumLifetime);
    }

    public Instant earliestExpiry(Instant now) {
        return now.plus(minimumLifetime);
    }

    public boolean isResourceScope(String scope) {
        return resourceScopes.contains(scope);
    }

    private static Instant plus(Instant instant, Period period) {
        return instant.atOffset(ZoneOffset.UTC).plus(period).toInstant();
    }

    /** A comma-separated option value, without blanks. */
    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Whether expiry notices go out at all ({@code none} as the list of days turns them off). */
    public boolean sendsExpiryNotices() {
        return !expiryNoticeDays.isEmpty();
    }

    private static <T> T parse(Config.Scope config, String key, T fallback, Function<String, T> parser) {
        String value = config.get(key);
        return value == null || value.isBlank() ? fallback : parser.apply(value.trim());
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(CredentialConstants.EXTENSION + ": " + message);
        }
    }
}
