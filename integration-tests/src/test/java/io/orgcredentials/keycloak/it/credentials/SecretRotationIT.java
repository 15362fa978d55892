package io.orgcredentials.keycloak.it.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.Parallel;
import io.orgcredentials.keycloak.it.support.TestClock;
import io.orgcredentials.keycloak.it.support.TestRealm;
import io.orgcredentials.keycloak.it.support.TokenVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotation with overlap: a new secret at once, the old one for the grace asked for, then only the new one; at most
 * two secrets; nothing else about the credential changes; events say which secret was used, never the secrets.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretRotationIT {

    private final KeycloakApi api;
    private TestRealm realm;
    private CredentialsApi credentials;
    private String orgId;

    SecretRotationIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void createRealm() {
        realm = TestRealm.createReady(api, "rotation");
        credentials = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
        orgId = api.createOrganization(realm.name(), "acme");
        KeycloakApi.expect(204, Http.putJson(api.admin(realm.name(), "/events/config"), api.adminToken(),
                Http.object().put("eventsEnabled", true).put("adminEventsEnabled", true)
                        .put("adminEventsDetailsEnabled", true)
                        .set("enabledEventTypes", Http.array().add("CLIENT_LOGIN").add("CLIENT_LOGIN_ERROR"))),
                "events config");
    }

    @AfterAll
    void deleteRealm() {
        realm.close();
    }

    /**
     * Security review 3, row b: rotations of one credential at the same moment take turns. Each answers 201 with a
     * secret that was the credential's, or 409 concurrent_change having changed nothing; never a 5xx. Afterwards
     * exactly the last two secrets handed out work (the original counts as handed out).
     */
    @Test
    void concurrentRotationsTakeTurnsAndEverySecretHandedOutWasReal() throws Exception {
        for (int round = 0; round < 2; round++) {
            JsonNode created = credentials.createOk(orgId, "raced-" + round, null);
            String clientId = created.get("clientId").asText();
            String original = created.get("clientSecret").asText();
            List<Http.Result> answers = Parallel.run(8, i -> credentials.rotate(orgId, clientId,
                    Http.object().put("previousSecretValidFor", "PT1H")));
            List<String> handedOut = new ArrayList<>();
            for (Http.Result answer : answers) {
                assertThat(answer.status()).as(answer.toString()).isIn(201, 409);
                if (answer.status() == 409) {
                    assertThat(answer.json().get("error").asText()).isEqualTo("concurrent_change");
                } else {
                    handedOut.add(answer.json().get("clientSecret").asText());
                }
            }
            assertThat(handedOut).as("at least one rotation wins").isNotEmpty();
            handedOut.add(0, original);
            List<String> working = new ArrayList<>();
            for (String secret : handedOut) {
                if (Http.postForm(api.tokenEndpoint(realm.name()), KeycloakApi.clientCredentials(null),
                        new String[]{clientId, secret}).status() == 200) {
                    working.add(secret);
                }
            }
            assertThat(working).as("of %d secrets handed out, the last two work", handedOut.size()).hasSize(2);
            JsonNode listed = credentials.get(orgId, clientId).json();
            assertThat(listed.get("status").asText()).isEqualTo("active");
        }
    }

    @Test
    void bothSecretsWorkDuringTheGraceThenOnlyTheNewOne() throws Exception {
        JsonNode created = credentials.createOk(orgId, "rotating", null);
        String clientId = created.get("clientId").asText();
        String oldSecret = created.get("clientSecret").asText();

        Http.Result rotated = credentials.rotate(orgId, clientId, Http.object().put("previousSecretValidFor", "PT6S"));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(201);
        assertThat(rotated.header("Cache-Control")).contains("no-store");
        JsonNode body = rotated.json();
        String newSecret = body.get("clientSecret").asText();
        assertThat(newSecret).matches("kcocc_[0-9A-Za-z]{49}").isNotEqualTo(oldSecret);
        // Nothing but the secret changed.
        for (String field : List.of("clientId", "name", "organization", "createdAt", "expiresAt", "scopes", "status",
                "tokenEndpoint")) {
            assertThat(body.get(field)).as(field).isEqualTo(created.get(field));
        }
        Instant previousUntil = Instant.parse(body.get("previousSecretExpiresAt").asText());
        assertThat(previousUntil).isBetween(Instant.now().plusSeconds(3), Instant.now().plusSeconds(8));
        JsonNode listed = null;
        for (JsonNode credential : KeycloakApi.expect(200, credentials.list(orgId, null), "list").json()) {
            listed = clientId.equals(credential.get("clientId").asText()) ? credential : listed;
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("previousSecretExpiresAt").asText()).isEqualTo(body.get("previousSecretExpiresAt").asText());
        assertThat(listed.has("clientSecret")).isFalse();

        // During the grace: both get tokens, and the tokens are the same credential's.
        TokenVerifier verifier = TokenVerifier.forRealm(api, realm.name());
        JWTClaimsSet byOld = verifier.verify(token(clientId, oldSecret, 200).get("access_token").asText());
        JWTClaimsSet byNew = verifier.verify(token(clientId, newSecret, 200).get("access_token").asText());
        assertThat(byOld.getSubject()).isEqualTo(clientId).isEqualTo(byNew.getSubject());
        assertThat(byOld.getAudience()).isEqualTo(byNew.getAudience());

        // After it: only the new one.
        TestClock.awaitPast(previousUntil);
        Http.Result refused = tokenResult(clientId, oldSecret);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_client");
        token(clientId, newSecret, 200);
        JsonNode after = KeycloakApi.expect(200, credentials.get(orgId, clientId), "get").json();
        assertThat(after.has("previousSecretExpiresAt")).isFalse();
        assertThat(after.get("expiresAt")).isEqualTo(created.get("expiresAt"));

        // The login events say which secret was used; no event carries a secret.
        JsonNode events = api.adminGet(realm.name(), "/events?client=" + clientId + "&max=50").json();
        List<String> used = new ArrayList<>();
        events.forEach(event -> {
            if ("CLIENT_LOGIN".equals(event.get("type").asText())) {
                used.add(event.path("details").path("credential_secret").asText());
            }
        });
        assertThat(used).containsExactlyInAnyOrder("previous", "current", "current");
        JsonNode adminEvents = api.adminGet(realm.name(), "/admin-events?max=100").json();
        String rotationPath = "org-client-credentials/organizations/" + orgId + "/clients/" + clientId + "/rotate-secret";
        List<JsonNode> rotations = new ArrayList<>();
        adminEvents.forEach(event -> {
            if (rotationPath.equals(event.get("resourcePath").asText())) {
                rotations.add(event);
            }
        });
        assertThat(rotations).hasSize(1);
        assertThat(rotations.get(0).get("operationType").asText()).isEqualTo("ACTION");
        String everything = events.toString() + adminEvents;
        assertThat(everything).doesNotContain(oldSecret).doesNotContain(newSecret);
    }

    @Test
    void aSecondRotationEndsTheOldestSecretAtOnce() {
        JsonNode created = credentials.createOk(orgId, "twice", null);
        String clientId = created.get("clientId").asText();
        String first = created.get("clientSecret").asText();
        String second = KeycloakApi.expect(201, credentials.rotate(orgId, clientId, null), "rotate").json()
                .get("clientSecret").asText();
        JsonNode third = KeycloakApi.expect(201, credentials.rotate(orgId, clientId, null), "rotate again").json();
        // The server's grace (24 hours by default) applies when the request names none.
        assertThat(Instant.parse(third.get("previousSecretExpiresAt").asText()))
                .isAfter(Instant.now().plus(Duration.ofHours(23)));

        assertThat(tokenResult(clientId, first).status()).isEqualTo(401);
        token(clientId, second, 200);
        token(clientId, third.get("clientSecret").asText(), 200);
    }

    @Test
    void aZeroGraceEndsTheOldSecretAtOnceAndTheGraceNeverPassesTheExpiry() {
        JsonNode created = credentials.createOk(orgId, "no-grace", null);
        String clientId = created.get("clientId").asText();
        JsonNode rotated = KeycloakApi.expect(201, credentials.rotate(orgId, clientId,
                Http.object().put("previousSecretValidFor", "PT0S")), "rotate").json();
        assertThat(rotated.has("previousSecretExpiresAt")).isFalse();
        assertThat(tokenResult(clientId, created.get("clientSecret").asText()).status()).isEqualTo(401);
        token(clientId, rotated.get("clientSecret").asText(), 200);

        Instant expiresAt = Instant.now().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JsonNode shortLived = credentials.createOk(orgId, "short-lived", expiresAt);
        JsonNode capped = KeycloakApi.expect(201, credentials.rotate(orgId, shortLived.get("clientId").asText(), null),
                "rotate short-lived").json();
        assertThat(capped.get("previousSecretExpiresAt").asText()).isEqualTo(expiresAt.toString());
        assertThat(capped.get("expiresAt").asText()).isEqualTo(expiresAt.toString());
    }

    @Test
    void badRotationRequestsAreRefusedAndChangeNothing() {
        JsonNode created = credentials.createOk(orgId, "unchanged", null);
        String clientId = created.get("clientId").asText();
        String secret = created.get("clientSecret").asText();
        for (Object body : List.of(Http.object().put("previousSecretValidFor", "P8D"),
                Http.object().put("previousSecretValidFor", "-PT1S"),
                Http.object().put("previousSecretValidFor", "one hour"),
                Http.object().put("previousSecretValidFor", 3600),
                Http.object().put("grace", "PT1H"))) {
            Http.Result refused = credentials.rotate(orgId, clientId, body);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.json().get("error").asText()).isEqualTo("invalid_request");
            assertThat(refused.json().get("error_description").asText()).isNotBlank();
        }
        Http.Result unknown = credentials.rotate(orgId, "no-such-credential", null);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        token(clientId, secret, 200);
        assertThat(KeycloakApi.expect(200, credentials.get(orgId, clientId), "get").json().has("previousSecretExpiresAt"))
                .isFalse();
    }

    @Test
    void anExpiredCredentialIsNotRotated() throws Exception {
        Instant expiresAt = Instant.now().plusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JsonNode created = credentials.createOk(orgId, "expiring", expiresAt.plusSeconds(1));
        TestClock.awaitPast(expiresAt);
        Http.Result refused = credentials.rotate(orgId, created.get("clientId").asText(), null);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("error").asText()).isEqualTo("not_active");
    }

    private JsonNode token(String clientId, String secret, int status) {
        return KeycloakApi.expect(status, tokenResult(clientId, secret), "token for " + clientId).json();
    }

    private Http.Result tokenResult(String clientId, String secret) {
        return Http.postForm(api.tokenEndpoint(realm.name()), KeycloakApi.clientCredentials(null),
                new String[]{clientId, secret});
    }

}
