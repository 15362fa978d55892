package io.orgcredentials.keycloak.jsontoken;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.http.JaxRsRuntime;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.services.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON token request as the form Keycloak's token endpoint reads. */
@ExtendWith(JaxRsRuntime.class)
class JsonTokenResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static MultivaluedMap<String, String> form(String json) throws Exception {
        return JsonTokenResource.toForm((ObjectNode) JSON.readTree(json));
    }

    @Test
    void snakeCaseFieldsAreTheFormParameters() throws Exception {
        MultivaluedMap<String, String> form = form("{\"grant_type\":\"client_credentials\",\"client_id\":\"c\","
                + "\"client_secret\":\"s\",\"scope\":\"configs\"}");
        assertThat(form).hasSize(4);
        assertThat(form.getFirst("grant_type")).isEqualTo("client_credentials");
        assertThat(form.getFirst("client_id")).isEqualTo("c");
        assertThat(form.getFirst("client_secret")).isEqualTo("s");
        assertThat(form.getFirst("scope")).isEqualTo("configs");
    }

    @Test
    void camelCaseMeansTheSameAndNullsAreLeftOut() throws Exception {
        MultivaluedMap<String, String> form = form("{\"grantType\":\"client_credentials\",\"clientId\":\"c\","
                + "\"clientSecret\":\"s\",\"scope\":null}");
        assertThat(form.keySet()).containsExactlyInAnyOrder("grant_type", "client_id", "client_secret");
        assertThat(form.getFirst("client_id")).isEqualTo("c");
    }

    @Test
    void bothSpellingsWithOneValueAreOneParameter() throws Exception {
        assertThat(form("{\"grant_type\":\"client_credentials\",\"client_id\":\"c\",\"clientId\":\"c\"}")
                .get("client_id")).containsExactly("c");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "two values|{\"grant_type\":\"client_credentials\",\"client_id\":\"a\",\"clientId\":\"b\"}|'clientId' is given twice with different values",
            "a number|{\"grant_type\":\"client_credentials\",\"client_id\":7}|'client_id' must be a string",
            "no grant type|{\"client_id\":\"c\"}|'grant_type' is required, for example \"client_credentials\""})
    void ambiguousOrIncompleteRequestsAreRefused(String name, String json, String description) {
        assertThatThrownBy(() -> form(json)).isInstanceOfSatisfying(ErrorResponseException.class,
                refused -> assertThat(refused.getErrorDescription()).isEqualTo(description));
    }
}
