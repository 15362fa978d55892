package io.orgcredentials.keycloak.it.cluster;

import java.util.List;

import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Database;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakCluster;
import io.orgcredentials.keycloak.it.support.Parallel;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.orgcredentials.keycloak.it.support.KeycloakApi.clientCredentials;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limit under concurrency on MariaDB, whose default isolation level (REPEATABLE READ) lets a plain read
 * see an old snapshot. Skipped when no MariaDB server runs here, unless -Dit.require-databases=true (CI).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbConcurrencyIT {

    private KeycloakCluster server;
    private KeycloakApi api;
    private TestRealm realm;

    @BeforeAll
    void start() {
        server = KeycloakCluster.start(Database.Kind.MARIADB, 1);
        api = new KeycloakApi(server.node(0));
        realm = TestRealm.createReady(api, "mariadb");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void twentyParallelCreatesAgainstALimitOfTenMakeExactlyTen() throws Exception {
        String orgId = api.createOrganization(realm.name(), "acme");
        String token = realm.realmAdminToken();
        CredentialsApi credentials = new CredentialsApi(api, realm.name(), () -> token);

        List<Integer> statuses = Parallel.run(20, i -> credentials.create(orgId, "parallel-" + i, null).status());

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(10);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(10);
        assertThat(credentials.list(orgId, null).json()).hasSize(10);
    }

    /**
     * Security review 3, row b, on REPEATABLE READ: parallel rotations of one credential take turns; each answers 201
     * or 409 concurrent_change, never a 5xx (a stale snapshot of the client's attributes would insert a duplicate
     * one), and exactly the last two secrets handed out work.
     */
    @Test
    void parallelRotationsOfOneCredentialTakeTurns() throws Exception {
        String orgId = api.createOrganization(realm.name(), "rotating");
        String token = realm.realmAdminToken();
        CredentialsApi credentials = new CredentialsApi(api, realm.name(), () -> token);
        for (int round = 0; round < 2; round++) {
            var created = credentials.createOk(orgId, "raced-" + round, null);
            String clientId = created.get("clientId").asText();
            List<Http.Result> answers = Parallel.run(8, i -> credentials.rotate(orgId, clientId,
                    Http.object().put("previousSecretValidFor", "PT1H")));
            List<String> handedOut = new java.util.ArrayList<>(List.of(created.get("clientSecret").asText()));
            for (Http.Result answer : answers) {
                assertThat(answer.status()).as(answer.toString()).isIn(201, 409);
                if (answer.status() == 201) {
                    handedOut.add(answer.json().get("clientSecret").asText());
                } else {
                    assertThat(answer.json().get("error").asText()).isEqualTo("concurrent_change");
                }
            }
            long working = handedOut.stream().filter(secret -> Http.postForm(api.tokenEndpoint(realm.name()),
                    clientCredentials(null), new String[]{clientId, secret}).status() == 200).count();
            assertThat(working).as("of %d secrets handed out", handedOut.size()).isEqualTo(2);
        }
    }

    @Test
    void deletesAndCreatesInterleavedKeepTheCount() throws Exception {
        String orgId = api.createOrganization(realm.name(), "churn");
        String token = realm.realmAdminToken();
        CredentialsApi credentials = new CredentialsApi(api, realm.name(), () -> token);
        KeycloakApi.expect(200, credentials.setLimit(orgId, Http.object().put("limit", 5)), "limit");
        List<String> existing = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            existing.add(credentials.createOk(orgId, "base-" + i, null).get("clientId").asText());
        }
        // Five deletes and ten creates at once: at most five creates may win, and never more than 5 exist.
        List<Integer> statuses = Parallel.run(15, i -> i < 5
                ? credentials.delete(orgId, existing.get(i)).status()
                : credentials.create(orgId, "new-" + i, null).status());
        assertThat(statuses.subList(0, 5)).containsOnly(204);
        long created = statuses.subList(5, 15).stream().filter(s -> s == 201).count();
        assertThat(created).isBetween(0L, 5L);
        assertThat(statuses.subList(5, 15)).allMatch(s -> s == 201 || s == 409);
        int used = credentials.limit(orgId).json().get("used").asInt();
        assertThat(used).isEqualTo(created).isLessThanOrEqualTo(5);
        assertThat(credentials.list(orgId, null).json()).hasSize(used);

        String newest = credentials.list(orgId, null).json().path(0).path("clientId").asText(null);
        if (newest != null) {
            assertThat(Http.postForm(api.tokenEndpoint(realm.name()), clientCredentials(null),
                    new String[]{newest, "wrong"}).status()).isEqualTo(401);
        }
    }
}
