package io.orgcredentials.keycloak.it.token;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.TestRealm;
import io.orgcredentials.keycloak.it.support.TokenVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.orgcredentials.keycloak.it.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client flows of the seed documents (shared/seeds), run as their clients send them, against the native
 * token endpoint and the JSON variant.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedClientFlowsIT {

    private final KeycloakApi api;
    private TestRealm realm;
    private TokenVerifier verifier;
    private String clientId;
    private String secret;

    SeedClientFlowsIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void createCredential() {
        realm = TestRealm.createReady(api, "seeds");
        verifier = TokenVerifier.forRealm(api, realm.name());
        String orgId = api.createOrganization(realm.name(), "acme");
        api.setAccessTokenLifespan(realm.name(), 3600);
        JsonNode created = new CredentialsApi(api, realm.name(), realm::realmAdminToken).createOk(orgId, "seed-client", null);
        clientId = created.get("clientId").asText();
        secret = created.get("clientSecret").asText();
        KeycloakApi.expect(204, Http.putJson(api.admin(realm.name(), "/events/config"), api.adminToken(),
                Http.object().put("eventsEnabled", true)), "events config");
    }

    @AfterAll
    void deleteRealm() {
        realm.close();
    }

    private URI jsonEndpoint() {
        return api.uri("/realms/" + realm.name() + "/org-client-credentials/token");
    }

    private Http.Result postJson(String body) {
        return Http.send(Http.request(jsonEndpoint(), null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private JWTClaimsSet assertToken(Http.Result response, List<String> scopes) throws Exception {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("token_type").asText()).isEqualToIgnoringCase("bearer");
        assertThat(body.get("expires_in").asInt()).isBetween(3590, 3600);
        assertThat(body.has("refresh_token")).isFalse();
        JWTClaimsSet claims = verifier.verify(body.get("access_token").asText());
        assertThat(claims.getStringClaim("azp")).isEqualTo(clientId);
        assertThat(claims.getAudience()).containsExactlyInAnyOrderElementsOf(scopes);
        assertThat(claims.getStringListClaim("organization")).containsExactly("acme");
        return claims;
    }

    @Test
    void seed001BasicAuthWithScope() throws Exception {
        // grant_type=client_credentials&scope=... with the key pair as HTTP Basic user and password
        Http.Result response = Http.postForm(api.tokenEndpoint(realm.name()),
                form("grant_type", "client_credentials", "scope", "deployments configs"), new String[]{clientId, secret});
        assertToken(response, List.of("deployments", "configs"));
    }

    @Test
    void seed002FormCredentialsWithScope() throws Exception {
        Http.Result response = Http.postForm(api.tokenEndpoint(realm.name()),
                form("client_id", clientId, "client_secret", secret, "grant_type", "client_credentials", "scope", "certificates"),
                null);
        assertToken(response, List.of("certificates"));
    }

    @Test
    void seed003FormCredentialsWithoutScope() throws Exception {
        Http.Result response = Http.postForm(api.tokenEndpoint(realm.name()),
                form("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret), null);
        assertToken(response, List.of("deployments", "configs", "certificates"));
    }

    @Test
    void seed000JsonBodyInSnakeCase() throws Exception {
        Http.Result response = postJson("{\"client_id\": \"" + clientId + "\", \"client_secret\": \"" + secret
                + "\", \"grant_type\": \"client_credentials\"}");
        assertToken(response, List.of("deployments", "configs", "certificates"));
    }

    @Test
    void seed004JsonBodyInCamelCaseWithScope() throws Exception {
        Http.Result response = postJson("{\"grantType\": \"client_credentials\", \"clientId\": \"" + clientId
                + "\", \"clientSecret\": \"" + secret + "\", \"scope\": \"deployments configs\"}");
        assertToken(response, List.of("deployments", "configs"));
    }

    @Test
    void jsonVariantAcceptsHttpBasicToo() throws Exception {
        Http.Result response = Http.send(Http.request(jsonEndpoint(), null).header("Content-Type", "application/json")
                .header("Authorization", Http.basicAuth(clientId, secret))
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\": \"client_credentials\"}")).build());
        assertToken(response, List.of("deployments", "configs", "certificates"));
    }

    @Test
    void jsonVariantAnswersLikeTheNativeEndpoint() {
        Http.Result wrong = postJson("{\"client_id\": \"" + clientId + "\", \"client_secret\": \"nope\", "
                + "\"grant_type\": \"client_credentials\"}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_client");

        Http.Result badScope = postJson("{\"client_id\": \"" + clientId + "\", \"client_secret\": \"" + secret
                + "\", \"grant_type\": \"client_credentials\", \"scope\": \"email\"}");
        assertThat(badScope.status()).isEqualTo(400);
        assertThat(badScope.json().get("error").asText()).isEqualTo("invalid_scope");

        Http.Result badGrant = postJson("{\"client_id\": \"" + clientId + "\", \"client_secret\": \"" + secret
                + "\", \"grant_type\": \"magic\"}");
        assertThat(badGrant.status()).isEqualTo(400);
        assertThat(badGrant.json().get("error").asText()).isEqualTo("unsupported_grant_type");

        JsonNode events = api.adminGet(realm.name(), "/events?type=CLIENT_LOGIN_ERROR&client=" + clientId).json();
        assertThat(events).isNotEmpty();
    }

    /** Security review: the JSON variant is no second, general token endpoint. */
    @Test
    void jsonVariantServesOnlyTheClientCredentialsGrantOfCredentials() {
        Http.Result password = postJson("{\"client_id\": \"" + clientId + "\", \"client_secret\": \"" + secret
                + "\", \"grant_type\": \"password\", \"scope\": \"deployments\"}");
        assertThat(password.status()).as(password.toString()).isEqualTo(400);
        assertThat(password.json().get("error").asText()).isEqualTo("unsupported_grant_type");

        ObjectNode plain = Http.object().put("clientId", "plain-json").put("publicClient", false)
                .put("serviceAccountsEnabled", true).put("secret", "plain-json-secret-123");
        KeycloakApi.expect(201, Http.postJson(api.admin(realm.name(), "/clients"), api.adminToken(), plain), "plain client");
        Http.Result plainClient = postJson("{\"client_id\": \"plain-json\", \"client_secret\": \"plain-json-secret-123\", "
                + "\"grant_type\": \"client_credentials\"}");
        Http.Result unknown = postJson("{\"client_id\": \"no-such-client\", \"client_secret\": \"x\", "
                + "\"grant_type\": \"client_credentials\"}");
        for (Http.Result refused : List.of(plainClient, unknown)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
            assertThat(refused.json().get("error").asText()).isEqualTo("invalid_client");
            assertThat(refused.json().get("error_description").asText()).isEqualTo("Invalid client or Invalid client credentials");
        }
        // The native endpoint still serves the plain client.
        assertThat(Http.postForm(api.tokenEndpoint(realm.name()), form("grant_type", "client_credentials"),
                new String[]{"plain-json", "plain-json-secret-123"}).status()).isEqualTo(200);

        // master, never set up: nothing is served there.
        Http.Result master = Http.send(Http.request(api.uri("/realms/master/org-client-credentials/token"), null)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"client_id\": \"admin-cli\", "
                        + "\"grant_type\": \"password\", \"username\": \"admin\"}")).build());
        assertThat(master.status()).as(master.toString()).isEqualTo(400);
        Http.Result masterClient = Http.send(Http.request(api.uri("/realms/master/org-client-credentials/token"), null)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"client_id\": \"admin-cli\", "
                        + "\"grant_type\": \"client_credentials\"}")).build());
        assertThat(masterClient.status()).as(masterClient.toString()).isEqualTo(401);
        assertThat(masterClient.json().get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void jsonVariantRefusesMalformedBodies() {
        for (String body : List.of("{", "[]", "", "{\"grant_type\": 1}", "{\"client_id\": \"a\"}",
                "{\"grant_type\": \"client_credentials\", \"password\": \"x\"}",
                "{\"client_id\": \"a\", \"clientId\": \"b\", \"grant_type\": \"client_credentials\"}")) {
            Http.Result result = postJson(body);
            assertThat(result.status()).as(body + " -> " + result).isEqualTo(400);
            assertThat(result.json().get("error").asText()).isEqualTo("invalid_request");
            assertThat(result.json().get("error_description").asText()).isNotBlank();
        }
        Http.Result form = Http.postForm(jsonEndpoint(), form("grant_type", "client_credentials"), null);
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.json().get("error").asText()).isEqualTo("invalid_request");
    }
}
