package io.orgcredentials.keycloak.it.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.KeycloakServer;
import io.orgcredentials.keycloak.it.support.TestClock;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
    private CredentialsApi credentials;

    LastUsedIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void createRealm() {
        realm = TestRealm.createReady(api, "last-used");
        credentials = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
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
        await().atMost(INTERVAL).pollInterval(Duration.ofMillis(300)).until(() -> {
            token(clientId, secret);
            return !Instant.now().isBefore(intervalEnds.minusMillis(1500));
        });
        // A record handed over by those tokens would be written within moments: none is, for the rest of the interval.
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                .until(() -> first.equals(lastUsed(orgId, clientId)));

        // After it: the next token moves it.
        TestClock.awaitPast(intervalEnds);
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

    private Instant awaitLastUsed(String orgId, String clientId, Predicate<Instant> condition) {
        return await("lastUsedAt of " + clientId).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> lastUsed(orgId, clientId), at -> at != null && condition.test(at));
    }
}
