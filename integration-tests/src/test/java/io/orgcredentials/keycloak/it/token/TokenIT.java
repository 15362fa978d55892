package io.orgcredentials.keycloak.it.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.ResourceServer;
import io.orgcredentials.keycloak.it.support.TestClock;
import io.orgcredentials.keycloak.it.support.TestRealm;
import io.orgcredentials.keycloak.it.support.TokenVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.orgcredentials.keycloak.it.support.Http.form;
import static io.orgcredentials.keycloak.it.support.KeycloakApi.clientCredentials;
import static org.assertj.core.api.Assertions.assertThat;

/** Tokens for credentials at Keycloak's own token endpoint, verified as a resource server would. */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenIT {

    private static final String INVALID_CLIENT = "Invalid client or Invalid client credentials";

    private final KeycloakApi api;
    private TestRealm realm;
    private CredentialsApi credentials;
    private TokenVerifier verifier;
    private String orgId;

    TokenIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void createRealm() {
        realm = TestRealm.createReady(api, "tokens");
        credentials = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
        verifier = TokenVerifier.forRealm(api, realm.name());
        orgId = api.createOrganization(realm.name(), "acme");
        // An hour, as the extension's own cap; with Keycloak's default of 5 minutes tokens live 5 minutes (see below).
        api.setAccessTokenLifespan(realm.name(), 3600);
        KeycloakApi.expect(204, Http.putJson(api.admin(realm.name(), "/events/config"), api.adminToken(),
                Http.object().put("eventsEnabled", true)), "events config");
    }

    @AfterAll
    void deleteRealm() {
        realm.close();
    }

    private record Credential(String clientId, String secret) {
        String[] basic() {
            return new String[]{clientId, secret};
        }
    }

    private Credential newCredential(String name, Instant expiresAt) {
        JsonNode created = credentials.createOk(orgId, name, expiresAt);
        return new Credential(created.get("clientId").asText(), created.get("clientSecret").asText());
    }

    private Http.Result token(Credential credential, String scope) {
        return Http.postForm(api.tokenEndpoint(realm.name()), clientCredentials(scope), credential.basic());
    }

    @Test
    void basicAuthGivesASignedTokenWithTheFixedShape() throws Exception {
        Credential credential = newCredential("basic", null);
        Http.Result response = token(credential, null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).contains("no-store");
        JsonNode body = response.json();
        assertThat(body.get("token_type").asText()).isEqualToIgnoringCase("Bearer");
        assertThat(body.get("expires_in").asInt()).isBetween(3590, 3600);
        assertThat(body.has("refresh_token")).isFalse();
        assertThat(body.get("scope").asText().split(" ")).containsExactlyInAnyOrder("deployments", "configs", "certificates");

        JWTClaimsSet claims = verifier.verify(body.get("access_token").asText());
        assertThat(claims.getStringClaim("azp")).isEqualTo(credential.clientId());
        assertThat(claims.getStringClaim("client_id")).isEqualTo(credential.clientId());
        assertThat(claims.getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("deployments", "configs", "certificates");
        assertThat(claims.getAudience()).containsExactlyInAnyOrder("deployments", "configs", "certificates");
        assertThat(claims.getStringListClaim("organization")).containsExactly("acme");
        long lifetime = claims.getExpirationTime().toInstant().getEpochSecond() - claims.getIssueTime().toInstant().getEpochSecond();
        assertThat(lifetime).isEqualTo(3600);
        assertThat(claims.getClaim("realm_access")).isNull();
        assertThat(claims.getClaim("resource_access")).isNull();
        assertThat(claims.getClaim("email")).isNull();
    }

    @Test
    void aTokenNeverOutlivesTheRealmsAccessTokenLifespan() throws Exception {
        Credential credential = newCredential("realm-lifespan", null);
        api.setAccessTokenLifespan(realm.name(), 300);
        try {
            Http.Result response = token(credential, null);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.json().get("expires_in").asInt()).isBetween(290, 300);
            JWTClaimsSet claims = verifier.verify(response.json().get("access_token").asText());
            long lifetime = claims.getExpirationTime().toInstant().getEpochSecond()
                    - claims.getIssueTime().toInstant().getEpochSecond();
            assertThat(lifetime).isEqualTo(300);
        } finally {
            api.setAccessTokenLifespan(realm.name(), 3600);
        }
    }

    @Test
    void formFieldsWorkWithAndWithoutScope() throws Exception {
        Credential credential = newCredential("form", null);
        Http.Result all = Http.postForm(api.tokenEndpoint(realm.name()), form("grant_type", "client_credentials",
                "client_id", credential.clientId(), "client_secret", credential.secret()), null);
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        assertThat(verifier.verify(all.json().get("access_token").asText()).getAudience()).hasSize(3);

        Http.Result one = Http.postForm(api.tokenEndpoint(realm.name()), form("grant_type", "client_credentials",
                "client_id", credential.clientId(), "client_secret", credential.secret(), "scope", "configs"), null);
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        JWTClaimsSet claims = verifier.verify(one.json().get("access_token").asText());
        assertThat(claims.getStringClaim("scope")).isEqualTo("configs");
        assertThat(claims.getAudience()).containsExactly("configs");
    }

    @Test
    void aSubsetOfScopesNarrowsScopeAndAudience() throws Exception {
        Credential credential = newCredential("subset", null);
        Http.Result response = token(credential, "deployments certificates");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JWTClaimsSet claims = verifier.verify(response.json().get("access_token").asText());
        assertThat(claims.getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("deployments", "certificates");
        assertThat(claims.getAudience()).containsExactlyInAnyOrder("deployments", "certificates");
    }

    @Test
    void aScopeOutsideTheFixedSetIsInvalidScope() {
        Credential credential = newCredential("outside", null);
        for (String scope : List.of("email", "openid", "deployments email", "roles", "organization")) {
            Http.Result response = token(credential, scope);
            assertThat(response.status()).as(scope + " -> " + response).isEqualTo(400);
            assertThat(response.json().get("error").asText()).isEqualTo("invalid_scope");
            assertThat(response.json().get("error_description").asText()).isNotBlank();
        }
    }

    @Test
    void aResourceServerAcceptsGrantedApisAndRefusesOthers() throws Exception {
        Credential credential = newCredential("resource", null);
        String deploymentsOnly = token(credential, "deployments").json().get("access_token").asText();
        String all = token(credential, null).json().get("access_token").asText();
        try (ResourceServer server = new ResourceServer(verifier)) {
            assertThat(call(server, "deployments", deploymentsOnly).status()).isEqualTo(200);
            Http.Result configs = call(server, "configs", deploymentsOnly);
            assertThat(configs.status()).isEqualTo(403);
            assertThat(configs.json().get("error_description").asText())
                    .isEqualTo("Client credentials do not have permission to access this resource");
            for (String api : List.of("deployments", "configs", "certificates")) {
                assertThat(call(server, api, all).status()).as(api).isEqualTo(200);
            }
            assertThat(call(server, "billing", all).status()).isEqualTo(403);
            assertThat(call(server, "deployments", all + "x").status()).isEqualTo(401);
        }
    }

    private static Http.Result call(ResourceServer server, String api, String token) {
        return Http.get(server.api(api), token);
    }

    @Test
    void wrongSecretAndUnknownClientCannotBeToldApart() {
        Credential credential = newCredential("wrong-secret", null);
        Http.Result wrong = Http.postForm(api.tokenEndpoint(realm.name()), clientCredentials(null),
                new String[]{credential.clientId(), credential.secret() + "x"});
        Http.Result unknown = Http.postForm(api.tokenEndpoint(realm.name()), clientCredentials(null),
                new String[]{"no-such-client", credential.secret()});
        Http.Result empty = Http.postForm(api.tokenEndpoint(realm.name()), clientCredentials(null),
                new String[]{credential.clientId(), ""});
        for (Http.Result result : List.of(wrong, unknown, empty)) {
            assertThat(result.status()).as(result.toString()).isEqualTo(401);
            assertThat(result.json().get("error").asText()).isEqualTo("invalid_client");
            assertThat(result.json().get("error_description").asText()).isEqualTo(INVALID_CLIENT);
        }
        // Security review row 4: identical status, headers and body, so an outsider learns nothing of which client
        // ids are credentials (the date and the body's length aside, which are equal anyway).
        Map<String, List<String>> wrongHeaders = new java.util.TreeMap<>(wrong.headers().map());
        Map<String, List<String>> unknownHeaders = new java.util.TreeMap<>(unknown.headers().map());
        wrongHeaders.remove("date");
        unknownHeaders.remove("date");
        assertThat(wrongHeaders).isEqualTo(unknownHeaders);
        assertThat(wrong.body()).isEqualTo(unknown.body());
        assertThat(wrong.header("WWW-Authenticate")).isNull();
    }

    @Test
    void anExpiredCredentialGets401SayingSoAndItsTokensNeverOutliveIt() throws Exception {
        Instant expiresAt = Instant.now().plusSeconds(6).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Credential credential = newCredential("short-lived", expiresAt);
        Http.Result before = token(credential, null);
        assertThat(before.status()).as(before.toString()).isEqualTo(200);
        JWTClaimsSet claims = verifier.verify(before.json().get("access_token").asText());
        assertThat(claims.getExpirationTime().toInstant()).isBeforeOrEqualTo(expiresAt);
        assertThat(before.json().get("expires_in").asInt()).isLessThanOrEqualTo(6);

        TestClock.awaitPast(expiresAt);
        Http.Result after = token(credential, null);
        assertThat(after.status()).as(after.toString()).isEqualTo(401);
        assertThat(after.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(after.json().get("error_description").asText()).contains("expired at " + expiresAt);

        // Only the holder of the secret learns that: a wrong secret still gets the generic answer.
        Http.Result wrongSecret = Http.postForm(api.tokenEndpoint(realm.name()), clientCredentials(null),
                new String[]{credential.clientId(), "not-the-secret"});
        assertThat(wrongSecret.json().get("error_description").asText()).isEqualTo(INVALID_CLIENT);
        assertThat(credentials.get(orgId, credential.clientId()).json().get("status").asText()).isEqualTo("expired");

        JsonNode events = api.adminGet(realm.name(), "/events?type=CLIENT_LOGIN_ERROR&client=" + credential.clientId()).json();
        List<String> reasons = new ArrayList<>();
        events.forEach(event -> reasons.add(event.path("details").path("reason").asText()));
        assertThat(reasons).contains("credential_expired", "invalid_client_credentials");
    }

    @Test
    void aDeletedCredentialGetsNoTokenButIssuedTokensStayValid() throws Exception {
        Credential credential = newCredential("deleted", null);
        String issued = token(credential, null).json().get("access_token").asText();
        KeycloakApi.expect(204, credentials.delete(orgId, credential.clientId()), "delete");

        Http.Result after = token(credential, null);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("error").asText()).isEqualTo("invalid_client");
        // A resource server validating locally keeps accepting the token until its exp.
        assertThat(verifier.verify(issued).getStringClaim("azp")).isEqualTo(credential.clientId());
    }

    @Test
    void aDisabledOrganizationGetsNoTokens() {
        String otherOrg = api.createOrganization(realm.name(), "disabled-org");
        JsonNode created = credentials.createOk(otherOrg, "in-disabled", null);
        Credential credential = new Credential(created.get("clientId").asText(), created.get("clientSecret").asText());
        assertThat(token(credential, null).status()).isEqualTo(200);

        api.setOrganizationEnabled(realm.name(), otherOrg, false);
        Http.Result refused = token(credential, null);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(refused.json().get("error_description").asText()).contains("disabled-org is disabled");

        api.setOrganizationEnabled(realm.name(), otherOrg, true);
        assertThat(token(credential, null).status()).isEqualTo(200);
    }

    @Test
    void withoutTheAuthenticatorInTheFlowCredentialsGetNoTokenAndPlainClientsStillWork() {
        Credential credential = newCredential("unbound", null);
        String plainSecret = createPlainClient("plain-service");
        assertThat(token(credential, null).status()).isEqualTo(200);

        ObjectNode realmRep = Http.object().put("clientAuthenticationFlow", "clients");
        KeycloakApi.expect(204, Http.putJson(api.admin(realm.name(), ""), api.adminToken(), realmRep), "unbind flow");
        try {
            Http.Result refused = token(credential, null);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
            assertThat(refused.json().get("error").asText()).isEqualTo("invalid_client");
            JsonNode status = api.adminGet(realm.name(), "/org-client-credentials/setup").json();
            assertThat(status.get("ready").asBoolean()).isFalse();
            assertThat(Http.postForm(api.tokenEndpoint(realm.name()), clientCredentials(null),
                    new String[]{"plain-service", plainSecret}).status()).isEqualTo(200);
        } finally {
            api.setup(realm.name());
        }
        assertThat(token(credential, null).status()).isEqualTo(200);
    }

    @Test
    void plainKeycloakClientsKeepTheirBehaviour() throws Exception {
        String secret = createPlainClient("plain-untouched");
        // The client's own lifespan setting (600 s), which Keycloak honours over the realm's hour.
        String uuid = api.clientUuid(realm.name(), "plain-untouched");
        ObjectNode representation = (ObjectNode) api.adminGet(realm.name(), "/clients/" + uuid).json();
        ((ObjectNode) representation.get("attributes")).put("access.token.lifespan", "600");
        KeycloakApi.expect(204, Http.putJson(api.admin(realm.name(), "/clients/" + uuid), api.adminToken(), representation),
                "plain client lifespan");
        Http.Result response = Http.postForm(api.tokenEndpoint(realm.name()), clientCredentials(null),
                new String[]{"plain-untouched", secret});
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JWTClaimsSet claims = verifier.verify(response.json().get("access_token").asText());
        assertThat(claims.getClaim("organization")).isNull();
        assertThat(claims.getStringClaim("scope")).contains("profile", "email");
        // Keycloak's own lifespan rules, untouched by the extension.
        long lifetime = claims.getExpirationTime().toInstant().getEpochSecond() - claims.getIssueTime().toInstant().getEpochSecond();
        assertThat(lifetime).isEqualTo(600);
        Http.Result wrong = Http.postForm(api.tokenEndpoint(realm.name()), clientCredentials(null),
                new String[]{"plain-untouched", "wrong"});
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asText()).isEqualTo("unauthorized_client");
    }

    @Test
    void thePasswordGrantIsNotForCredentials() {
        Credential credential = newCredential("password-grant", null);
        Http.Result password = Http.postForm(api.tokenEndpoint(realm.name()),
                form("grant_type", "password", "username", "service-account-" + credential.clientId(), "password", "x"),
                credential.basic());
        assertThat(password.status()).as(password.toString()).isEqualTo(400);
        assertThat(password.json().get("error").asText()).isEqualTo("unauthorized_client");
        assertThat(password.json().has("access_token")).isFalse();
    }

    private String createPlainClient(String clientId) {
        ObjectNode client = Http.object().put("clientId", clientId).put("publicClient", false)
                .put("serviceAccountsEnabled", true).put("standardFlowEnabled", false).put("secret", clientId + "-secret-123");
        KeycloakApi.expect(201, Http.postJson(api.admin(realm.name(), "/clients"), api.adminToken(), client), "plain client");
        return clientId + "-secret-123";
    }

}
