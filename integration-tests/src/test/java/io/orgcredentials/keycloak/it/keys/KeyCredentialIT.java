package io.orgcredentials.keycloak.it.keys;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWTClaimsSet;
import io.orgcredentials.keycloak.it.support.ClientKeys;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials backed by a public key (private_key_jwt): created with a JWK or a PEM, tokens by client assertions at
 * Keycloak's own token endpoint, every broken assertion refused like a wrong secret, and keys replaced with overlap.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyCredentialIT {

    private static final String INVALID_CLIENT = "Invalid client or Invalid client credentials";

    private final KeycloakApi api;
    private TestRealm realm;
    private CredentialsApi credentials;
    private TokenVerifier verifier;
    private String orgId;

    KeyCredentialIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void createRealm() {
        realm = TestRealm.createReady(api, "keys");
        credentials = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
        verifier = TokenVerifier.forRealm(api, realm.name());
        orgId = api.createOrganization(realm.name(), "acme");
        KeycloakApi.expect(204, Http.putJson(api.admin(realm.name(), "/events/config"), api.adminToken(),
                Http.object().put("eventsEnabled", true).put("adminEventsEnabled", true)
                        .put("adminEventsDetailsEnabled", true)), "events config");
    }

    @AfterAll
    void deleteRealm() {
        realm.close();
    }

    private String tokenEndpoint() {
        return api.tokenEndpoint(realm.name()).toString();
    }

    private JsonNode createOk(String name, ObjectNode keyFields) {
        return KeycloakApi.expect(201, credentials.createWithKey(orgId, name, keyFields), "create " + name).json();
    }

    private Http.Result token(String assertion) {
        return Http.postForm(api.tokenEndpoint(realm.name()), ClientKeys.assertionForm(assertion, null), null);
    }

    private void assertRefused(Http.Result response, String what) {
        assertThat(response.status()).as(what + ": " + response).isEqualTo(401);
        assertThat(response.json().get("error").asText()).as(what).isEqualTo("invalid_client");
        assertThat(response.json().get("error_description").asText()).as(what).isEqualTo(INVALID_CLIENT);
    }

    private long used() {
        return credentials.limit(orgId).json().get("used").asLong();
    }

    @Test
    void aJwkCredentialHasNoSecretShowsItsKeyAndGetsTokensByAssertion() throws Exception {
        ClientKeys key = ClientKeys.rsa(2048);
        JsonNode created = createOk("rsa-jwk", key.jwksField());
        String clientId = created.get("clientId").asText();
        assertThat(created.has("clientSecret")).isFalse();
        assertThat(created.get("tokenEndpointAuthMethod").asText()).isEqualTo("private_key_jwt");
        JsonNode keys = created.get("keys");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).get("kty").asText()).isEqualTo("RSA");
        assertThat(keys.get(0).get("alg").asText()).isEqualTo("RS256");
        String thumbprint = com.nimbusds.jose.jwk.JWK.parse(key.publicJwk().toString()).computeThumbprint().toString();
        assertThat(keys.get(0).get("thumbprint").asText()).isEqualTo(thumbprint);
        assertThat(keys.get(0).get("kid").asText()).as("no kid given: the thumbprint").isEqualTo(thumbprint);
        assertThat(keys.get(0).fieldNames()).toIterable().containsExactly("kid", "kty", "alg", "thumbprint");
        assertThat(credentials.get(orgId, clientId).json().get("keys")).isEqualTo(keys);

        Http.Result response = token(key.assertion(clientId, tokenEndpoint()));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().has("refresh_token")).isFalse();
        JWTClaimsSet claims = verifier.verify(response.json().get("access_token").asText());
        assertThat(claims.getStringClaim("azp")).isEqualTo(clientId);
        assertThat(claims.getStringListClaim("organization")).containsExactly("acme");
        assertThat(claims.getAudience()).containsExactlyInAnyOrder("deployments", "configs", "certificates");

        // The realm's issuer is an audience Keycloak accepts for client-jwt too.
        String issuer = api.uri("/realms/" + realm.name()).toString();
        assertThat(token(key.assertion(clientId, issuer)).status()).isEqualTo(200);
    }

    @Test
    void pemAndEveryAcceptedKeyTypeWork() {
        List<ClientKeys> keys = List.of(ClientKeys.rsa(3072), ClientKeys.ec(Curve.P_256), ClientKeys.ec(Curve.P_384),
                ClientKeys.ec(Curve.P_521), ClientKeys.ed25519());
        int i = 0;
        for (ClientKeys key : keys) {
            JsonNode created = createOk("pem-" + i++, Http.object().put("publicKeyPem", key.publicPem()));
            String clientId = created.get("clientId").asText();
            Http.Result response = token(key.assertion(clientId, tokenEndpoint()));
            assertThat(response.status()).as(created.get("keys") + ": " + response).isEqualTo(200);
            KeycloakApi.expect(204, credentials.delete(orgId, clientId), "delete");
        }
    }

    @Test
    void theJsonTokenVariantTakesAnAssertionToo() {
        ClientKeys key = ClientKeys.ec(Curve.P_256);
        String clientId = createOk("json-variant", key.jwksField()).get("clientId").asText();
        ObjectNode body = Http.object().put("grant_type", "client_credentials")
                .put("client_assertion_type", ClientKeys.ASSERTION_TYPE)
                .put("client_assertion", key.assertion(clientId, tokenEndpoint()));
        Http.Result response = Http.send(Http.request(api.uri("/realms/" + realm.name()
                        + "/org-client-credentials/token"), null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    @Test
    void everyBrokenAssertionIsRefusedLikeAWrongSecretWithTheReasonInTheEvent() {
        ClientKeys key = ClientKeys.rsa(2048);
        String clientId = createOk("refusals", key.jwksField()).get("clientId").asText();
        ClientKeys other = ClientKeys.rsa(2048);
        String otherId = createOk("other", other.jwksField()).get("clientId").asText();
        Instant soon = Instant.now().plusSeconds(60);

        assertRefused(token(other.assertion(ClientKeys.claims(clientId, clientId, tokenEndpoint(), soon,
                UUID.randomUUID().toString()))), "signed with another credential's key");
        assertRefused(token(ClientKeys.unsigned(ClientKeys.claims(clientId, clientId, tokenEndpoint(), soon,
                UUID.randomUUID().toString()))), "alg none");
        assertRefused(token(key.hmacWithPublicKey(ClientKeys.claims(clientId, clientId, tokenEndpoint(), soon,
                UUID.randomUUID().toString()))), "HS256 with the public key's bytes");
        assertRefused(token(key.assertion(ClientKeys.claims(clientId, clientId, tokenEndpoint(),
                Instant.now().minusSeconds(120), UUID.randomUUID().toString()))), "expired");
        assertRefused(token(key.assertion(clientId, "https://elsewhere.example/token")), "wrong audience");
        assertRefused(token(key.assertion(ClientKeys.claims(otherId, clientId, tokenEndpoint(), soon,
                UUID.randomUUID().toString()))), "iss is not sub");
        String once = key.assertion(clientId, tokenEndpoint());
        assertThat(token(once).status()).isEqualTo(200);
        assertRefused(token(once), "replayed jti");
        assertRefused(Http.postForm(api.tokenEndpoint(realm.name()), KeycloakApi.clientCredentials(null),
                new String[]{clientId, "a-secret"}), "a secret for a key credential");

        JsonNode events = api.adminGet(realm.name(), "/events?type=CLIENT_LOGIN_ERROR&client=" + clientId
                + "&max=100").json();
        List<String> reasons = new ArrayList<>();
        events.forEach(event -> reasons.add(event.path("details").path("reason").asText()));
        assertThat(reasons).contains("client_secret_for_key_credential")
                .anySatisfy(reason -> assertThat(reason).startsWith("client_assertion_invalid"));
        assertThat(reasons).hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void anAssertionForASecretCredentialIsRefused() {
        JsonNode secretCredential = credentials.createOk(orgId, "with-secret", null);
        String clientId = secretCredential.get("clientId").asText();
        ClientKeys key = ClientKeys.rsa(2048);
        assertRefused(token(key.assertion(clientId, tokenEndpoint())), "an assertion for a secret credential");
        Http.Result addKey = credentials.addKey(orgId, clientId, key.jwksField());
        assertThat(addKey.status()).isEqualTo(409);
        assertThat(addKey.json().get("error").asText()).isEqualTo("not_a_key_credential");
    }

    @Test
    void aSecondKeyOverlapsTheFirstAndARemovedKeyStopsAtOnce() {
        ClientKeys first = ClientKeys.rsa(2048);
        JsonNode created = createOk("rotation", first.jwksField());
        String clientId = created.get("clientId").asText();
        String firstKid = created.get("keys").get(0).get("kid").asText();
        String expiresAt = created.get("expiresAt").asText();
        ClientKeys second = ClientKeys.ec(Curve.P_256);

        Http.Result added = credentials.addKey(orgId, clientId, second.jwksField());
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.json().get("keys")).hasSize(2);
        assertThat(added.json().get("expiresAt").asText()).isEqualTo(expiresAt);
        String secondKid = added.json().get("keys").get(1).get("kid").asText();
        assertThat(added.header("Location")).endsWith("/keys/" + secondKid);
        assertThat(token(first.assertion(clientId, tokenEndpoint())).status()).isEqualTo(200);
        assertThat(token(second.assertion(clientId, tokenEndpoint())).status()).isEqualTo(200);

        Http.Result third = credentials.addKey(orgId, clientId, ClientKeys.rsa(2048).jwksField());
        assertThat(third.status()).isEqualTo(409);
        assertThat(third.json().get("error").asText()).isEqualTo("key_limit_reached");

        KeycloakApi.expect(204, credentials.removeKey(orgId, clientId, firstKid), "remove the first key");
        assertRefused(token(first.assertion(clientId, tokenEndpoint())), "a removed key");
        assertThat(token(second.assertion(clientId, tokenEndpoint())).status()).isEqualTo(200);

        Http.Result again = credentials.addKey(orgId, clientId, second.jwksField());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asText()).isEqualTo("key_exists");
        ObjectNode sameKid = ClientKeys.rsa(2048).jwksField();
        ((ObjectNode) sameKid.get("jwks").get("keys").get(0)).put("kid", secondKid);
        Http.Result kidTaken = credentials.addKey(orgId, clientId, sameKid);
        assertThat(kidTaken.status()).as("another key under a kid the credential has").isEqualTo(409);
        assertThat(kidTaken.json().get("error").asText()).isEqualTo("key_exists");
        Http.Result last = credentials.removeKey(orgId, clientId, secondKid);
        assertThat(last.status()).isEqualTo(409);
        assertThat(last.json().get("error").asText()).isEqualTo("last_key");
        Http.Result unknown = credentials.removeKey(orgId, clientId, "no-such-kid");
        assertThat(unknown.status()).isEqualTo(404);
        Http.Result rotate = credentials.rotate(orgId, clientId, null);
        assertThat(rotate.status()).isEqualTo(409);
        assertThat(rotate.json().get("error").asText()).isEqualTo("not_a_secret_credential");
        JsonNode after = credentials.get(orgId, clientId).json();
        assertThat(after.get("expiresAt").asText()).isEqualTo(expiresAt);
        assertThat(after.get("keys")).hasSize(1);

        JsonNode events = api.adminGet(realm.name(), "/admin-events?max=200").json();
        List<String> paths = new ArrayList<>();
        events.forEach(event -> paths.add(event.path("operationType").asText() + " "
                + event.path("resourcePath").asText()));
        String thumbprintOfFirst = created.get("keys").get(0).get("thumbprint").asText();
        assertThat(paths).contains("DELETE org-client-credentials/organizations/" + orgId + "/clients/" + clientId
                + "/keys/" + thumbprintOfFirst);
    }

    @Test
    void badKeysAreRefusedWithAReasonAndCreateNothing() {
        ClientKeys rsa = ClientKeys.rsa(2048);
        long before = used();
        ObjectNode twoKeys = Http.object();
        twoKeys.putObject("jwks").putArray("keys").add(rsa.publicJwk()).add(ClientKeys.rsa(2048).publicJwk());
        ObjectNode both = rsa.jwksField().put("publicKeyPem", rsa.publicPem());
        ObjectNode oct = Http.object();
        oct.putObject("jwks").putArray("keys").addObject().put("kty", "oct").put("k", "c2VjcmV0");
        ObjectNode smallRsa = ClientKeys.rsa(2048).jwksField();
        ((ObjectNode) smallRsa.get("jwks").get("keys").get(0)).put("n", java.util.Base64.getUrlEncoder()
                .withoutPadding().encodeToString(new java.math.BigInteger(1024, new java.util.Random(7)).setBit(1023)
                        .toByteArray()));
        ObjectNode unknownCurve = ClientKeys.ec(Curve.P_256).jwksField();
        ((ObjectNode) unknownCurve.get("jwks").get("keys").get(0)).put("crv", "secp256k1");
        ObjectNode unparsable = Http.object();
        unparsable.putObject("jwks").putArray("keys").addObject().put("kty", "RSA").put("n", "!!!").put("e", "AQAB");
        ObjectNode privateJwk = Http.object();
        privateJwk.putObject("jwks").putArray("keys").add(rsa.privateJwk());
        String privatePem = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n";
        // Each bad key, and the words its refusal must say.
        Map<ObjectNode, String> bad = new LinkedHashMap<>();
        bad.put(privateJwk, "has the private member");
        bad.put(oct, "symmetric key");
        bad.put(smallRsa, "1024 bits");
        bad.put(unknownCurve, "curve 'secp256k1'");
        bad.put(unparsable, "'n' is not base64url");
        bad.put(Http.object().put("publicKeyPem", privatePem), "is a private key");
        bad.put(Http.object().put("publicKeyPem", "-----BEGIN PUBLIC KEY-----\naGVsbG8=\n-----END PUBLIC KEY-----"),
                "holds no RSA, EC or Ed25519 public key");
        bad.put(twoKeys, "exactly one key");
        bad.put(both, "not both");
        int i = 0;
        for (Map.Entry<ObjectNode, String> input : bad.entrySet()) {
            Http.Result response = credentials.createWithKey(orgId, "bad-" + i++, input.getKey());
            assertThat(response.status()).as(input.getKey() + ": " + response).isEqualTo(400);
            assertThat(response.json().get("error").asText()).isEqualTo("invalid_request");
            assertThat(response.json().get("error_description").asText()).as(response.toString())
                    .contains(input.getValue());
        }
        assertThat(used()).as("nothing was created").isEqualTo(before);
    }
}
