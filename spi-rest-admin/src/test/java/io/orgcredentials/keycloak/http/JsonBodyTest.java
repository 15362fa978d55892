package io.orgcredentials.keycloak.http;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.http.HttpRequest;
import org.keycloak.services.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Strict body parsing: every way a body can be wrong gets a 4xx that says what to fix. */
@ExtendWith(JaxRsRuntime.class)
class JsonBodyTest {

    private static final Set<String> FIELDS = Set.of("name", "expiresAt");

    private static HttpRequest request(String contentType) {
        HttpRequest request = mock(HttpRequest.class);
        HttpHeaders headers = mock(HttpHeaders.class);
        when(request.getHttpHeaders()).thenReturn(headers);
        when(headers.getMediaType()).thenReturn(contentType == null ? null : MediaType.valueOf(contentType));
        return request;
    }

    private static ObjectNode read(String contentType, byte[] body) {
        return JsonBody.readObject(request(contentType), new ByteArrayInputStream(body), FIELDS);
    }

    private static ObjectNode read(String body) {
        return read("application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aJsonObjectWithKnownFieldsIsRead() {
        assertThat(read("{\"name\": \"deploy-bot\"}").get("name").asText()).isEqualTo("deploy-bot");
        assertThat(read("application/merge-patch+json", "{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(read("application/json; charset=utf-8", "{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty body|''|The request body is empty; send a JSON object",
            "not JSON|name=x|The request body is not valid JSON",
            "an array|[]|The request body must be a JSON object",
            "a string|'\"x\"'|The request body must be a JSON object",
            "two objects|{} {}|The request body is not valid JSON",
            "duplicate field|'{\"name\":\"a\",\"name\":\"b\"}'|The request body is not valid JSON: Duplicate field 'name'",
            "unknown field|'{\"secret\":\"x\"}'|Unknown field 'secret'; allowed fields: expiresAt, name"})
    void aBadBodyIsRefusedWithWhatToFix(String name, String body, String description) {
        assertThatThrownBy(() -> read(body)).isInstanceOfSatisfying(ErrorResponseException.class,
                refused -> assertThat(refused.getErrorDescription()).startsWith(description));
    }

    @Test
    void onlyUtf8IsJson() {
        byte[] latin1 = "{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> read("application/json", latin1)).isInstanceOfSatisfying(ErrorResponseException.class,
                refused -> assertThat(refused.getErrorDescription()).isEqualTo("The request body is not valid UTF-8 text"));
    }

    @Test
    void aBodyOverTheLimitIsRefusedUnread() {
        byte[] huge = new byte[JsonBody.MAX_BYTES + 1];
        assertThatThrownBy(() -> read("application/json", huge)).isInstanceOfSatisfying(ErrorResponseException.class,
                refused -> assertThat(refused.getErrorDescription()).isEqualTo("The request body is larger than "
                        + JsonBody.MAX_BYTES + " bytes"));
    }

    @ParameterizedTest
    @CsvSource(value = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "NULL"},
            nullValues = "NULL")
    void anythingButJsonIsRefusedByContentType(String contentType) {
        assertThatThrownBy(() -> read(contentType, "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ErrorResponseException.class, refused -> assertThat(
                        refused.getErrorDescription()).startsWith("Send the request body as JSON"));
    }

    @Test
    void multipartIsRefusedBeforeKeycloakParsesIt() {
        assertThatThrownBy(() -> JsonBody.refuseMultipart(request("multipart/form-data; boundary=x")))
                .isInstanceOf(ErrorResponseException.class);
        assertThatCode(() -> JsonBody.refuseMultipart(request("application/json"))).doesNotThrowAnyException();
        assertThatCode(() -> JsonBody.refuseMultipart(request(null))).doesNotThrowAnyException();
    }
}
