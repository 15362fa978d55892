package io.orgcredentials.keycloak.it.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakServer;
import io.orgcredentials.keycloak.it.support.PrivatePostgres;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.Test;

import static io.orgcredentials.keycloak.it.support.KeycloakApi.clientCredentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keycloak's database restarts (a PostgreSQL server the test starts itself, stopped for five seconds) while tokens
 * are requested and credentials created. Afterwards: no 5xx outside the outage, full service again within 30 s of
 * the restart, no half-created credential, and the limit exact.
 */
class DatabaseRestartIT {

    private static final int LIMIT = 25;
    private static final Duration OUTAGE = Duration.ofSeconds(5);

    private record Attempt(long atMillis, int status, String clientId, String secret) {
    }

    private static long createdCount(List<Attempt> attempts) {
        synchronized (attempts) {
            return attempts.stream().filter(a -> a.status() == 201).count();
        }
    }

    private static long answeredAfter(List<Attempt> attempts, long millis) {
        synchronized (attempts) {
            return attempts.stream().filter(a -> a.atMillis() > millis && a.status() != -1).count();
        }
    }

    @Test
    void aDatabaseRestartUnderLoadLosesNothing() throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start();
             KeycloakServer server = KeycloakServer.start(postgres.newDatabase(), List.of(), null)) {
            KeycloakApi api = new KeycloakApi(server);
            TestRealm realm = TestRealm.createReady(api, "restart");
            CredentialsApi credentials = new CredentialsApi(api, realm.name(), api::adminToken);
            String loadOrg = api.createOrganization(realm.name(), "load");
            JsonNode loadCredential = credentials.createOk(loadOrg, "load", null);
            String[] basic = {loadCredential.get("clientId").asText(), loadCredential.get("clientSecret").asText()};
            String orgId = api.createOrganization(realm.name(), "restart");
            KeycloakApi.expect(200, credentials.setLimit(orgId, Http.object().put("limit", LIMIT)), "limit");

            List<Attempt> attempts = new ArrayList<>();
            AtomicBoolean creating = new AtomicBoolean(true);
            Thread creator = new Thread(() -> {
                for (int i = 0; creating.get() && i < 200; i++) {
                    Attempt attempt;
                    try {
                        Http.Result result = credentials.create(orgId, "r-" + i, null);
                        attempt = result.status() == 201
                                ? new Attempt(System.currentTimeMillis(), 201, result.json().get("clientId").asText(),
                                result.json().get("clientSecret").asText())
                                : new Attempt(System.currentTimeMillis(), result.status(), null, null);
                    } catch (RuntimeException noAnswer) {
                        attempt = new Attempt(System.currentTimeMillis(), -1, null, null);
                    }
                    synchronized (attempts) {
                        attempts.add(attempt);
                    }
                    try {
                        Thread.sleep(400);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "creator");

            long stoppedAt;
            long startedAt;
            long recoveredAt;
            List<TokenLoad.Sample> tokens;
            try (TokenLoad load = new TokenLoad("restart", api.tokenEndpoint(realm.name()), clientCredentials(null), basic,
                    150_000)) {
                creator.start();
                // Tokens and creates succeed before the outage.
                await().atMost(Duration.ofSeconds(30)).until(() -> load.samples().stream()
                        .filter(s -> s.status() == 200).count() >= 5 && createdCount(attempts) >= 2);
                stoppedAt = System.currentTimeMillis();
                postgres.stopServer();
                Thread.sleep(OUTAGE.toMillis()); // the outage itself: a length of time, not a condition
                postgres.startServer();
                startedAt = System.currentTimeMillis();
                // Full service: a create (which writes) and a token both succeed.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    boolean created;
                    synchronized (attempts) {
                        created = attempts.stream().anyMatch(a -> a.atMillis() > startedAt && a.status() == 201);
                    }
                    return created && load.samples().stream().anyMatch(s -> s.atMillis() > startedAt && s.status() == 200);
                });
                recoveredAt = System.currentTimeMillis();
                // Service stays up: more tokens and creates after the recovery.
                long recovered = recoveredAt;
                await().atMost(Duration.ofSeconds(30)).until(() -> load.samples().stream()
                        .filter(s -> s.atMillis() > recovered).count() >= 20 && answeredAfter(attempts, recovered) >= 2);
                creating.set(false);
                creator.join(70_000);
                tokens = load.samples();
            }
            List<Attempt> all;
            synchronized (attempts) {
                all = List.copyOf(attempts);
            }
            long outageEnd = recoveredAt;
            System.out.printf("DatabaseRestartIT: database down %d ms; full service %d ms after it was started again; "
                            + "token requests %d (%d during the outage, %d of them not 200), creates %d (%d x 201, "
                            + "statuses during the outage %s)%n", startedAt - stoppedAt, recoveredAt - startedAt, tokens.size(),
                    tokens.stream().filter(s -> s.atMillis() >= stoppedAt && s.atMillis() <= outageEnd).count(),
                    tokens.stream().filter(s -> s.atMillis() >= stoppedAt && s.atMillis() <= outageEnd && s.status() != 200).count(),
                    all.size(), all.stream().filter(a -> a.status() == 201).count(),
                    all.stream().filter(a -> a.atMillis() >= stoppedAt && a.atMillis() <= outageEnd).map(Attempt::status).toList());
            assertThat(recoveredAt).as("full service within 30 s of the database's restart").isPositive();

            // No 5xx (nor a lost answer) outside the outage.
            assertThat(tokens.stream().filter(s -> s.atMillis() < stoppedAt || s.atMillis() > outageEnd))
                    .allSatisfy(s -> assertThat(s.status()).isEqualTo(200));
            assertThat(all.stream().filter(a -> a.atMillis() < stoppedAt || a.atMillis() > outageEnd))
                    .allSatisfy(a -> assertThat(a.status()).isEqualTo(201));

            // Every create answered 201 works; nothing half-created; the limit is exact.
            for (Attempt attempt : all.stream().filter(a -> a.status() == 201).toList()) {
                Http.Result token = Http.postForm(api.tokenEndpoint(realm.name()), clientCredentials(null),
                        new String[]{attempt.clientId(), attempt.secret()});
                assertThat(token.status()).as(attempt.clientId() + ": " + token).isEqualTo(200);
            }
            int used = credentials.limit(orgId).json().get("used").asInt();
            for (int i = used; i < LIMIT; i++) {
                KeycloakApi.expect(201, credentials.create(orgId, "fill-" + i, null), "fill up to the limit");
            }
            Http.Result beyond = credentials.create(orgId, "beyond", null);
            assertThat(beyond.status()).as(beyond.toString()).isEqualTo(409);
            assertThat(beyond.json().get("error").asText()).isEqualTo("limit_reached");

            Set<String> listed = new HashSet<>();
            credentials.list(orgId, null).json().forEach(c -> listed.add(c.get("clientId").asText()));
            assertThat(listed).hasSize(LIMIT);
            assertThat(credentials.limit(orgId).json().get("used").asInt()).isEqualTo(LIMIT);
            assertThat(CredentialInventory.clientsOf(api, realm.name(), orgId)).isEqualTo(listed);
            assertThat(CredentialInventory.rowsOf(server.database(), orgId)).isEqualTo(listed);
        }
    }
}
