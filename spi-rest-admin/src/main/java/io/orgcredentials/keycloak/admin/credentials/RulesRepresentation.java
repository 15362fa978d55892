package io.orgcredentials.keycloak.admin.credentials;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.orgcredentials.keycloak.settings.CredentialSettings;

/**
 * The rules a new credential of one organization meets, as the server enforces them now, so that a user interface
 * offers exactly what the server accepts: the organization's limit; the lifetimes (ISO-8601) with the expiry dates they
 * give at this moment ({@code defaultExpiresAt}, and {@code expiresAt} must be after {@code earliestExpiresAt} and no
 * later than {@code latestExpiresAt}); how long a rotated-out secret keeps working at most; the resource scopes; and
 * the days before expiry at which notices go out (empty when they are off).
 */
public record RulesRepresentation(
        int limit,
        String defaultLifetime,
        String minimumLifetime,
        String maximumLifetime,
        String defaultExpiresAt,
        String earliestExpiresAt,
        String latestExpiresAt,
        String rotationGrace,
        List<String> scopes,
        List<Integer> expiryNoticeDays) {

    public static RulesRepresentation of(int limit, CredentialSettings settings, Instant now) {
        return new RulesRepresentation(limit, settings.defaultLifetime().toString(),
                settings.minimumLifetime().toString(), settings.maximumLifetime().toString(),
                iso(settings.defaultExpiry(now)), iso(settings.earliestExpiry(now)), iso(settings.latestExpiry(now)),
                settings.rotationGrace().toString(), settings.resourceScopes().stream().sorted().toList(),
                settings.sendsExpiryNotices() ? settings.expiryNoticeDays() : List.of());
    }

    private static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
