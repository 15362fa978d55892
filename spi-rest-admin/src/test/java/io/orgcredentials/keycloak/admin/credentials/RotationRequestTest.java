package io.orgcredentials.keycloak.admin.credentials;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.credential.CredentialException;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A rotate-secret body: no grace asks for the server's, a shorter one is kept, a longer or malformed one refused. */
class RotationRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CredentialSettings SETTINGS = CredentialSettings.DEFAULTS; // rotation-grace PT24H

    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void noBodyNoFieldOrNullMeansTheServersGrace() throws Exception {
        assertThat(RotationRequest.from(null, SETTINGS).previousSecretValidFor()).isEqualTo(Duration.ofHours(24));
        assertThat(RotationRequest.from(body("{}"), SETTINGS).previousSecretValidFor()).isEqualTo(Duration.ofHours(24));
        assertThat(RotationRequest.from(body("{\"previousSecretValidFor\": null}"), SETTINGS).previousSecretValidFor())
                .isEqualTo(Duration.ofHours(24));
    }

    @Test
    void aShorterGraceIsKeptToTheSecond() throws Exception {
        assertThat(RotationRequest.from(body("{\"previousSecretValidFor\": \"PT1H\"}"), SETTINGS)
                .previousSecretValidFor()).isEqualTo(Duration.ofHours(1));
        assertThat(RotationRequest.from(body("{\"previousSecretValidFor\": \"PT0S\"}"), SETTINGS)
                .previousSecretValidFor()).isZero();
        assertThat(RotationRequest.from(body("{\"previousSecretValidFor\": \"PT1.9S\"}"), SETTINGS)
                .previousSecretValidFor()).isEqualTo(Duration.ofSeconds(1));
        assertThat(RotationRequest.from(body("{\"previousSecretValidFor\": \"PT24H\"}"), SETTINGS)
                .previousSecretValidFor()).isEqualTo(Duration.ofHours(24));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"PT24H1S\"", "\"P2D\"", "\"-PT1H\"", "\"1 hour\"", "\"\"", "3600", "true", "[]", "{}"})
    void aLongerNegativeOrMalformedGraceIsRefusedNamingTheRange(String value) throws Exception {
        assertThatThrownBy(() -> RotationRequest.from(body("{\"previousSecretValidFor\": " + value + "}"), SETTINGS))
                .isInstanceOfSatisfying(CredentialException.class, refused -> assertThat(refused.getMessage())
                        .isEqualTo("'previousSecretValidFor' must be an ISO-8601 duration from PT0S to PT24H, for "
                                + "example \"PT1H\""));
    }
}
