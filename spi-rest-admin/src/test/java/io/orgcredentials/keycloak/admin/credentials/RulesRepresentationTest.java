package io.orgcredentials.keycloak.admin.credentials;

import java.time.Instant;
import java.util.List;

import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules a user interface is given are the ones the create request is checked against. */
class RulesRepresentationTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:15:30.500Z");

    @Test
    void theDefaultsGiveSixMonthsAYearAndTheFullGrace() {
        RulesRepresentation rules = RulesRepresentation.of(10, CredentialSettings.DEFAULTS, NOW);
        assertThat(rules.limit()).isEqualTo(10);
        assertThat(rules.defaultLifetime()).isEqualTo("P6M");
        assertThat(rules.maximumLifetime()).isEqualTo("P1Y");
        assertThat(rules.minimumLifetime()).isEqualTo("PT0S");
        assertThat(rules.defaultExpiresAt()).isEqualTo("2027-06-07T10:15:30Z");
        assertThat(rules.earliestExpiresAt()).isEqualTo("2026-12-07T10:15:30Z");
        assertThat(rules.latestExpiresAt()).isEqualTo("2027-12-07T10:15:30Z");
        assertThat(rules.rotationGrace()).isEqualTo("PT24H");
        assertThat(rules.scopes()).containsExactly("certificates", "configs", "deployments");
        assertThat(rules.expiryNoticeDays()).containsExactly(30, 7, 1, 0);
    }

    @Test
    void theDatesAreWhatTheCreateRequestAcceptsAtTheEdges() throws Exception {
        RulesRepresentation rules = RulesRepresentation.of(10, CredentialSettings.DEFAULTS, NOW);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String latest = rules.latestExpiresAt();
        assertThat(CredentialRequest.from((com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                "{\"name\": \"edge\", \"expiresAt\": \"" + latest + "\"}"), CredentialSettings.DEFAULTS, NOW).expiresAt())
                .isEqualTo(Instant.parse(latest));
        assertThat(CredentialRequest.from((com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                "{\"name\": \"default\"}"), CredentialSettings.DEFAULTS, NOW).expiresAt())
                .isEqualTo(Instant.parse(rules.defaultExpiresAt()));
    }

    @Test
    void noNoticesIsAnEmptyList() {
        CredentialSettings settings = new CredentialSettings(10, 100, java.time.Period.ofDays(30), java.time.Duration.ZERO,
                java.time.Period.ofDays(90), List.of("deployments"), 3600, false, "role", java.time.Duration.ZERO,
                java.time.Duration.ofHours(1), List.of(), java.time.Duration.ofHours(1), java.util.Set.of(),
                java.util.Set.of(), false);
        RulesRepresentation rules = RulesRepresentation.of(3, settings, NOW);
        assertThat(rules.expiryNoticeDays()).isEmpty();
        assertThat(rules.rotationGrace()).isEqualTo("PT0S");
        assertThat(rules.latestExpiresAt()).isEqualTo("2027-03-07T10:15:30Z");
    }
}
