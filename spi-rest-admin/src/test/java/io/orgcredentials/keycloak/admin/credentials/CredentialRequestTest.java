package io.orgcredentials.keycloak.admin.credentials;

import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.credential.CredentialException;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-22T23:00:00Z");

    private static CredentialRequest parse(String json) throws Exception {
        return CredentialRequest.from((ObjectNode) JSON.readTree(json), CredentialSettings.DEFAULTS, NOW);
    }

    @Test
    void aNameAloneGetsSixMonths() throws Exception {
        CredentialRequest request = parse("{\"name\": \"ci-pipeline\"}");
        assertThat(request.name()).isEqualTo("ci-pipeline");
        assertThat(request.expiresAt()).isEqualTo(Instant.parse("2027-05-22T23:00:00Z"));
    }

    @Test
    void expiresAtIsTakenToTheSecondWithAnyOffset() throws Exception {
        assertThat(parse("{\"name\": \"a\", \"expiresAt\": \"2027-05-22T02:00:00.900+02:00\"}").expiresAt())
                .isEqualTo(Instant.parse("2027-05-22T00:00:00Z"));
    }

    @Test
    void theBoundsAreInclusiveOfOneYearAndExclusiveOfNow() throws Exception {
        assertThat(parse("{\"name\": \"a\", \"expiresAt\": \"2027-11-22T23:00:00Z\"}").expiresAt())
                .isEqualTo(Instant.parse("2027-11-22T23:00:00Z"));
        assertThatThrownBy(() -> parse("{\"name\": \"a\", \"expiresAt\": \"2027-11-22T23:00:01Z\"}"))
                .isInstanceOf(CredentialException.class).hasMessageContaining("no later than 2027-11-22T23:00:00Z");
        assertThatThrownBy(() -> parse("{\"name\": \"a\", \"expiresAt\": \"2026-11-22T23:00:00Z\"}"))
                .isInstanceOf(CredentialException.class).hasMessageContaining("in the future");
        assertThat(parse("{\"name\": \"a\", \"expiresAt\": \"2026-11-22T23:00:01Z\"}").expiresAt())
                .isEqualTo(Instant.parse("2026-11-22T23:00:01Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ci pipeline", "déploiement-prod", "生产环境", "a", "team/ci #1 (blue)", "🚀 release"})
    void printableNamesAreAccepted(String name) throws Exception {
        assertThat(parse(JSON.createObjectNode().put("name", name).toString()).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a\tb", "a\u0000b", "a\u202Eb", "a\u200Bb", "a\u2028b", " lead", "trail ",
            "a\u00A0b", "\uE000private"})
    void unprintableOrBlankNamesAreRefused(String name) {
        assertThatThrownBy(() -> parse(JSON.createObjectNode().put("name", name).toString()))
                .isInstanceOf(CredentialException.class).hasMessageContaining("'name'");
    }

    @Test
    void namesCountCharactersNotUtf16Units() throws Exception {
        String hundredEmoji = "🚀".repeat(100);
        assertThat(parse(JSON.createObjectNode().put("name", hundredEmoji).toString()).name()).isEqualTo(hundredEmoji);
        assertThatThrownBy(() -> parse(JSON.createObjectNode().put("name", "x".repeat(101)).toString()))
                .hasMessageContaining("at most 100 characters");
    }
}
