package io.orgcredentials.keycloak.settings;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialSettingsTest {

    private static final String PREFIX = "occ-settings-test.";
    private static final List<String> KEYS = List.of("default-limit", "maximum-limit", "default-lifetime",
            "minimum-lifetime", "maximum-lifetime", "resource-scopes", "access-token-lifespan", "organization-claim-ids",
            "manager-role", "rotation-grace", "last-used-interval", "expiry-notice-days", "expiry-notice-interval",
            "expiry-notice-recipients", "members-api-clients", "unkeyed-hashes");

    @AfterEach
    void clear() {
        KEYS.forEach(k -> System.clearProperty(PREFIX + k));
    }

    private static Config.Scope scope(Map<String, String> values) {
        values.forEach((k, v) -> System.setProperty(PREFIX + k, v));
        return new Config.SystemPropertiesScope(PREFIX);
    }

    @Test
    void withoutOptionsTheProductRulesApply() {
        CredentialSettings settings = CredentialSettings.from(scope(Map.of()));
        assertThat(settings).isEqualTo(CredentialSettings.DEFAULTS);
        assertThat(settings.defaultLimit()).isEqualTo(10);
        assertThat(settings.defaultLifetime()).isEqualTo(Period.ofMonths(6));
        assertThat(settings.maximumLifetime()).isEqualTo(Period.ofYears(1));
        assertThat(settings.resourceScopes()).containsExactly("deployments", "configs", "certificates");
        assertThat(settings.accessTokenLifespan()).isEqualTo(3600);
    }

    @Test
    void optionsOverrideTheDefaults() {
        CredentialSettings settings = CredentialSettings.from(scope(Map.of("default-limit", "25",
                "default-lifetime", "P3M", "minimum-lifetime", "PT1H", "maximum-lifetime", "P2Y",
                "resource-scopes", " orders , invoices ", "access-token-lifespan", "600",
                "organization-claim-ids", "true")));
        assertThat(settings.defaultLimit()).isEqualTo(25);
        assertThat(settings.defaultLifetime()).isEqualTo(Period.ofMonths(3));
        assertThat(settings.minimumLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.maximumLifetime()).isEqualTo(Period.ofYears(2));
        assertThat(settings.resourceScopes()).containsExactly("orders", "invoices");
        assertThat(settings.accessTokenLifespan()).isEqualTo(600);
        assertThat(settings.organizationClaimIds()).isTrue();
    }

    @Test
    void expiryBoundsFollowTheCalendar() {
        CredentialSettings settings = CredentialSettings.DEFAULTS;
        Instant now = Instant.parse("2026-11-22T23:00:00Z");
        assertThat(settings.defaultExpiry(now)).isEqualTo(Instant.parse("2027-05-22T23:00:00Z"));
        assertThat(settings.latestExpiry(now)).isEqualTo(Instant.parse("2027-11-22T23:00:00Z"));
        assertThat(settings.earliestExpiry(now)).isEqualTo(now);
    }

    @Test
    void inconsistentOptionsStopTheServerWithAClearMessage() {
        assertThatThrownBy(() -> CredentialSettings.from(scope(Map.of("default-lifetime", "P2Y"))))
                .hasMessageContaining("default-lifetime must not exceed maximum-lifetime");
        clear();
        assertThatThrownBy(() -> CredentialSettings.from(scope(Map.of("default-limit", "-1"))))
                .hasMessageContaining("default-limit");
        clear();
        assertThatThrownBy(() -> CredentialSettings.from(scope(Map.of("maximum-lifetime", "one year"))))
                .hasMessageContaining("bad option value");
        clear();
        assertThatThrownBy(() -> CredentialSettings.from(scope(Map.of("resource-scopes", "a b,c"))))
                .hasMessageContaining("resource-scopes");
        clear();
        assertThatThrownBy(() -> CredentialSettings.from(scope(Map.of("resource-scopes", "a,a"))))
                .hasMessageContaining("repeat");
    }

    @Test
    void lifecycleOptionsHaveTheirDefaultsAndBounds() {
        CredentialSettings settings = CredentialSettings.DEFAULTS;
        assertThat(settings.rotationGrace()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.lastUsedInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.expiryNoticeDays()).containsExactly(30, 7, 1, 0);
        assertThat(settings.expiryNoticeRecipients()).containsExactlyInAnyOrder("managers", "organization-email");
        assertThat(CredentialSettings.from(scope(Map.of("expiry-notice-days", "1, 30 ,7"))).expiryNoticeDays())
                .as("sorted, largest first").containsExactly(30, 7, 1);
        clear();
        assertThat(CredentialSettings.from(scope(Map.of("expiry-notice-days", "none"))).sendsExpiryNotices()).isFalse();
        clear();
        assertThatThrownBy(() -> CredentialSettings.from(scope(Map.of("rotation-grace", "P8D"))))
                .hasMessageContaining("rotation-grace");
        clear();
        assertThatThrownBy(() -> CredentialSettings.from(scope(Map.of("expiry-notice-days", "-1"))))
                .hasMessageContaining("expiry-notice-days");
        clear();
        assertThatThrownBy(() -> CredentialSettings.from(scope(Map.of("expiry-notice-recipients", "everyone"))))
                .hasMessageContaining("expiry-notice-recipients", "members-api-clients", "unkeyed-hashes");
    }

    /** The option table and the parser agree: every option in the table is read, under its name, into its value. */
    @Test
    void everyOptionOfTheTableIsReadByItsName() {
        Map<CredentialOption, String> values = Map.ofEntries(
                Map.entry(CredentialOption.DEFAULT_LIMIT, "25"),
                Map.entry(CredentialOption.MAXIMUM_LIMIT, "50"),
                Map.entry(CredentialOption.DEFAULT_LIFETIME, "P3M"),
                Map.entry(CredentialOption.MINIMUM_LIFETIME, "PT1H"),
                Map.entry(CredentialOption.MAXIMUM_LIFETIME, "P2Y"),
                Map.entry(CredentialOption.RESOURCE_SCOPES, "a,b"),
                Map.entry(CredentialOption.ACCESS_TOKEN_LIFESPAN, "600"),
                Map.entry(CredentialOption.ORGANIZATION_CLAIM_IDS, "true"),
                Map.entry(CredentialOption.MANAGER_ROLE, "credential-admins"),
                Map.entry(CredentialOption.ROTATION_GRACE, "PT2H"),
                Map.entry(CredentialOption.LAST_USED_INTERVAL, "PT10M"),
                Map.entry(CredentialOption.EXPIRY_NOTICE_DAYS, "14,3,0"),
                Map.entry(CredentialOption.EXPIRY_NOTICE_INTERVAL, "PT30M"),
                Map.entry(CredentialOption.EXPIRY_NOTICE_RECIPIENTS, "organization-email"),
                Map.entry(CredentialOption.MEMBERS_API_CLIENTS, "console-app,ops-portal"),
                Map.entry(CredentialOption.UNKEYED_HASHES, "true"));
        assertThat(values.keySet()).containsExactlyInAnyOrder(CredentialOption.values());
        Map<String, String> byName = new java.util.HashMap<>();
        values.forEach((option, value) -> byName.put(option.key(), value));
        assertThat(KEYS).containsExactlyInAnyOrderElementsOf(byName.keySet());
        CredentialSettings settings = CredentialSettings.from(scope(byName));
        values.forEach((option, value) -> assertThat(String.valueOf(option.valueIn(settings))).as(option.key())
                .isEqualTo(value));
    }
}
