package io.orgcredentials.keycloak.it.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.KeycloakServer;
import io.orgcredentials.keycloak.it.support.OrgCredentialsApi;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * lastUsedAt: absent until the first token, then set (written in the background), unchanged by further tokens within
 * the last-used interval (the test server runs with {@link KeycloakServer#LAST_USED_INTERVAL}), moved by a token
 * after it.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LastUsedIT {

    private static final Duration INTERVAL = KeycloakServer.LAST_USED_INTERVAL;

    private final KeycloakApi api;
    private TestRealm realm;
    private OrgCredentialsApi credentials;

    LastUsedIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void createRealm() {
        realm = TestRealm.createReady(api, "last-used");
        credentials = new OrgCredentialsApi(api, realm.name(), realm::realmAdminToken);
    }

    @AfterAll
    void deleteRealm() {
        realm.close();
    }

    @Test
    void lastUsedMovesWithTokensAtMostOncePerInterval() throws Exception {
        String orgId = api.createOrganization(realm.name(), "acme");
        JsonNode created = credentials.createOk(orgId, "used", null);
        String clientId = created.get("clientId").asText();
        String secret = created.get("clientSecret").asText();
        assertThat(created.has("lastUsedAt")).isFalse();
        assertThat(get(orgId, clientId).has("lastUsedAt")).isFalse();

        Instant beforeFirst = Instant.now().minusSeconds(1);
        token(clientId, secret);
        Instant first = awaitLastUsed(orgId, clientId, at -> true);
        assertThat(first).isBetween(beforeFirst.minusSeconds(1), Instant.now().plusSeconds(1));

        // Within the interval: more tokens, no new record.
        Instant intervalEnds = first.plus(INTERVAL);
        while (Instant.now().isBefore(intervalEnds.minusMillis(1500))) {
            token(clientId, secret);
            Thread.sleep(300);
        }
        Thread.sleep(700); // a record handed over by those tokens would be written by now
        assertThat(lastUsed(orgId, clientId)).isEqualTo(first);

        // After it: the next token moves it.
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), intervalEnds).toMillis()) + 1100);
        token(clientId, secret);
        Instant second = awaitLastUsed(orgId, clientId, at -> at.isAfter(first));
        assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(INTERVAL);

        // The list shows it too; a refused request does not count as use.
        Http.Result refused = Http.postForm(api.tokenEndpoint(realm.name()), KeycloakApi.clientCredentials(null),
                new String[]{clientId, secret + "x"});
        assertThat(refused.status()).isEqualTo(401);
        JsonNode listed = KeycloakApi.expect(200, credentials.list(orgId, null), "list").json().get(0);
        assertThat(Instant.parse(listed.get("lastUsedAt").asText())).isEqualTo(second);
    }

    private void token(String clientId, String secret) {
        KeycloakApi.expect(200, Http.postForm(api.tokenEndpoint(realm.name()), KeycloakApi.clientCredentials(null),
                new String[]{clientId, secret}), "token");
    }

    private JsonNode get(String orgId, String clientId) {
        return KeycloakApi.expect(200, credentials.get(orgId, clientId), "get").json();
    }

    private Instant lastUsed(String orgId, String clientId) {
        JsonNode credential = get(orgId, clientId);
        return credential.has("lastUsedAt") ? Instant.parse(credential.get("lastUsedAt").asText()) : null;
    }

    private Instant awaitLastUsed(String orgId, String clientId, Predicate<Instant> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Instant at = lastUsed(orgId, clientId);
            if (at != null && condition.test(at)) {
                return at;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("lastUsedAt of " + clientId + " did not move within 10 s: " + lastUsed(orgId, clientId));
    }
}
