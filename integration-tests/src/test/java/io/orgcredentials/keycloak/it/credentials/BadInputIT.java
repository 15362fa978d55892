package io.orgcredentials.keycloak.it.credentials;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every malformed request gets a 4xx with error and error_description, and nothing is created. */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

    private final KeycloakApi api;
    private TestRealm realm;
    private CredentialsApi credentials;
    private String orgId;
    private String token;

    BadInputIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void createRealm() {
        realm = TestRealm.createReady(api, "badinput");
        token = realm.realmAdminToken();
        credentials = new CredentialsApi(api, realm.name(), () -> token);
        orgId = api.createOrganization(realm.name(), "acme");
    }

    @AfterAll
    void deleteRealm() {
        realm.close();
    }

    @AfterEach
    void nothingWasCreated() {
        assertThat(credentials.list(orgId, null).json()).isEmpty();
        assertThat(credentials.limit(orgId).json().get("used").asInt()).isZero();
    }

    static Stream<Arguments> badCreateBodies() {
        Instant now = Instant.now();
        return Stream.of(
                arguments("not JSON", "{", 400),
                arguments("a JSON array", "[]", 400),
                arguments("a JSON string", "\"name\"", 400),
                arguments("JSON null", "null", 400),
                arguments("empty object", "{}", 400),
                arguments("name of the wrong type", "{\"name\": 5}", 400),
                arguments("name as an object", "{\"name\": {\"a\": 1}}", 400),
                arguments("empty name", "{\"name\": \"\"}", 400),
                arguments("blank name", "{\"name\": \"   \"}", 400),
                arguments("name with leading space", "{\"name\": \" ci\"}", 400),
                arguments("overlong name", "{\"name\": \"" + "x".repeat(101) + "\"}", 400),
                arguments("NUL in name", "{\"name\": \"a\\u0000b\"}", 400),
                arguments("newline in name", "{\"name\": \"a\\nb\"}", 400),
                arguments("right-to-left override in name", "{\"name\": \"\\u202Eexe.txt\"}", 400),
                arguments("zero-width space in name", "{\"name\": \"a\\u200Bb\"}", 400),
                arguments("unpaired surrogate in name", "{\"name\": \"a\\ud800b\"}", 400),
                arguments("unknown field", "{\"name\": \"ok\", \"secret\": \"mine\"}", 400),
                arguments("duplicate field", "{\"name\": \"a\", \"name\": \"b\"}", 400),
                arguments("trailing garbage", "{\"name\": \"ok\"} x", 400),
                arguments("expiresAt not a date", "{\"name\": \"ok\", \"expiresAt\": \"next year\"}", 400),
                arguments("expiresAt as a number", "{\"name\": \"ok\", \"expiresAt\": 1893456000}", 400),
                arguments("expiresAt without offset", "{\"name\": \"ok\", \"expiresAt\": \"2027-01-01T00:00:00\"}", 400),
                arguments("expiresAt in the past", "{\"name\": \"ok\", \"expiresAt\": \"" + now.minusSeconds(3600) + "\"}", 400),
                arguments("expiresAt now", "{\"name\": \"ok\", \"expiresAt\": \"" + now.minusSeconds(1) + "\"}", 400),
                arguments("expiresAt beyond one year", "{\"name\": \"ok\", \"expiresAt\": \""
                        + now.atOffset(ZoneOffset.UTC).plusYears(1).plusDays(2).toInstant() + "\"}", 400),
                arguments("expiresAt in year 99999", "{\"name\": \"ok\", \"expiresAt\": \"+99999-01-01T00:00:00Z\"}", 400),
                arguments("SQL-shaped name with unknown field", "{\"name\": \"x'; DROP TABLE CLIENT;--\", \"x\": 1}", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCreateBodies")
    void malformedCreateBodiesAreRefused(String what, String body, int status) {
        Http.Result result = credentials.createRaw(orgId, "application/json", body);
        assertClearError(result, status);
    }

    @Test
    void wrongContentTypeIs415() {
        assertClearError(credentials.createRaw(orgId, "text/plain", "{\"name\": \"ok\"}"), 415);
        assertClearError(credentials.createRaw(orgId, "application/x-www-form-urlencoded", "name=ok"), 415);
    }

    @Test
    void emptyBodyIs400() {
        assertClearError(credentials.createRaw(orgId, "application/json", ""), 400);
    }

    @Test
    void hugeBodyIs413() {
        String huge = "{\"name\": \"" + "x".repeat(200_000) + "\"}";
        assertClearError(credentials.createRaw(orgId, "application/json", huge), 413);
    }

    @Test
    void invalidUtf8Is400() {
        byte[] body = "{\"name\": \"ab\"}".getBytes(StandardCharsets.UTF_8);
        body[11] = (byte) 0xC3; // a lead byte followed by a non-continuation byte
        Http.Result result = Http.send(Http.request(api.ext(realm.name(), "/organizations/" + orgId + "/clients"), token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertClearError(result, 400);
    }

    @Test
    void unknownOrganizationIs404() {
        Http.Result result = credentials.create("0c1d2e3f-0000-0000-0000-000000000000", "ok", null);
        assertClearError(result, 404);
        assertClearError(credentials.create("%3Cscript%3E", "ok", null), 404);
    }

    @Test
    void unknownClientIdIs404() {
        assertClearError(credentials.get(orgId, "no-such-client"), 404);
        assertClearError(credentials.delete(orgId, "no-such-client"), 404);
    }

    static Stream<Arguments> badLimits() {
        return Stream.of(
                arguments("{\"limit\": -1}"), arguments("{\"limit\": \"10\"}"), arguments("{\"limit\": 1.5}"),
                arguments("{\"limit\": 99999999999}"), arguments("{\"limit\": null}"), arguments("{}"),
                arguments("{\"limit\": 10, \"extra\": true}"), arguments("[10]"), arguments("{\"limit\": 10001}"));
    }

    @ParameterizedTest
    @MethodSource("badLimits")
    void malformedLimitsAreRefused(String body) {
        Http.Result result = credentials.setLimit(orgId, body);
        assertClearError(result, 400);
        assertThat(credentials.limit(orgId).json().get("limit").asInt()).isEqualTo(10);
    }

    private static void assertClearError(Http.Result result, int status) {
        assertThat(result.status()).as(result.toString()).isEqualTo(status);
        JsonNode body = result.json();
        assertThat(body.path("error").asText()).as(result.toString()).isNotBlank();
        assertThat(body.path("error_description").asText()).as(result.toString()).isNotBlank();
    }
}
