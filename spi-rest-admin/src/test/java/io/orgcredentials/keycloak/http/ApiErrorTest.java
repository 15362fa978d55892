package io.orgcredentials.keycloak.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orgcredentials.keycloak.credential.CredentialException;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.services.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one mapping of domain errors to HTTP: each kind has its status and error code (the API contract). */
@ExtendWith(JaxRsRuntime.class)
class ApiErrorTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "INVALID_INPUT, 400, invalid_request",
            "LIMIT_REACHED, 409, limit_reached",
            "NAME_TAKEN, 409, name_taken",
            "SETUP_REQUIRED, 409, setup_required", "NOT_ACTIVE, 409, not_active"})
    void everyKindHasItsStatusAndCode(CredentialException.Kind kind, int status, String error) throws Exception {
        ErrorResponseException mapped = ApiError.of(new CredentialException(kind, "why it was refused"));
        assertThat(mapped.getResponse().getStatus()).isEqualTo(status);
        JsonNode body = new ObjectMapper().valueToTree(mapped.getResponse().getEntity());
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("error_description").asText()).isEqualTo("why it was refused");
    }

    @ParameterizedTest
    @CsvSource({"LIMIT_REACHED, 409", "INVALID_INPUT, 400"})
    void domainCallsAreMappedAtTheEdge(CredentialException.Kind kind, int status) {
        assertThat(ApiError.mapping(() -> "fine")).isEqualTo("fine");
        assertThatThrownBy(() -> ApiError.mapping(() -> {
            throw new CredentialException(kind, "no");
        })).isInstanceOfSatisfying(ErrorResponseException.class,
                refused -> assertThat(refused.getResponse().getStatus()).isEqualTo(status));
    }
}
