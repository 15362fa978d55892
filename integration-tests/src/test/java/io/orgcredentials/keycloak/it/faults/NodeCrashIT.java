package io.orgcredentials.keycloak.it.faults;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Database;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakCluster;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.Test;

import static io.orgcredentials.keycloak.it.support.KeycloakApi.clientCredentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node dies (SIGKILL) in a two-node cluster on PostgreSQL while both serve tokens and 40 creates for an
 * organization with a limit of 10 run over both. The survivor then serves every credential whose create was
 * answered 201, the organization holds at most 10, and Keycloak's clients and the extension's rows agree: no
 * client without its row, no row without its client. Prints the errors seen during the failover.
 */
class NodeCrashIT {

    @Test
    void aNodeKilledDuringCreatesAndTokenLoadLeavesNothingHalfDone() throws Exception {
        KeycloakCluster.requireServer(Database.Kind.POSTGRES);
        try (KeycloakCluster cluster = KeycloakCluster.start(Database.Kind.POSTGRES, 2)) {
            KeycloakApi nodeA = new KeycloakApi(cluster.node(0));
            KeycloakApi nodeB = new KeycloakApi(cluster.node(1));
            TestRealm realm = TestRealm.createReady(nodeA, "crash");
            String tokenA = realm.realmAdminToken();
            String tokenB = nodeB.userToken(realm.name(), TestRealm.REALM_ADMIN, TestRealm.PASSWORD);
            CredentialsApi onA = new CredentialsApi(nodeA, realm.name(), () -> tokenA);
            CredentialsApi onB = new CredentialsApi(nodeB, realm.name(), () -> tokenB);
            String loadOrg = nodeA.createOrganization(realm.name(), "load");
            JsonNode loadCredential = onA.createOk(loadOrg, "load", null);
            String[] basic = {loadCredential.get("clientId").asText(), loadCredential.get("clientSecret").asText()};
            String orgId = nodeA.createOrganization(realm.name(), "crash");

            long killedAt;
            List<Integer> statuses = new ArrayList<>();
            List<String> createdIds = new ArrayList<>();
            List<String[]> createdCredentials = new ArrayList<>();
            try (TokenLoad loadA = new TokenLoad("a", nodeA.tokenEndpoint(realm.name()), clientCredentials(null), basic, 120_000);
                 TokenLoad loadB = new TokenLoad("b", nodeB.tokenEndpoint(realm.name()), clientCredentials(null), basic, 120_000)) {
                // Both nodes serve the load before anything happens.
                await().atMost(Duration.ofSeconds(30)).until(() -> served(loadA) >= 5 && served(loadB) >= 5);
                ExecutorService pool = Executors.newFixedThreadPool(40);
                AtomicInteger answered = new AtomicInteger();
                List<Future<Http.Result>> creates = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    CredentialsApi api = i % 2 == 0 ? onA : onB;
                    String name = "c-" + i;
                    creates.add(pool.submit(() -> {
                        try {
                            return api.create(orgId, name, null);
                        } catch (UncheckedIOException | IllegalStateException noAnswer) {
                            return null;
                        } finally {
                            answered.incrementAndGet();
                        }
                    }));
                }
                // Kill node B in the middle of it: after some creates were answered, with others still queued.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                        .until(() -> answered.get() >= 6);
                killedAt = System.currentTimeMillis();
                ProcessHandle.of(cluster.node(1).javaPid()).ifPresent(ProcessHandle::destroyForcibly);
                for (Future<Http.Result> create : creates) {
                    Http.Result result = create.get(150, TimeUnit.SECONDS);
                    statuses.add(result == null ? -1 : result.status());
                    if (result != null && result.status() == 201) {
                        createdIds.add(result.json().get("clientId").asText());
                        createdCredentials.add(new String[]{result.json().get("clientId").asText(),
                                result.json().get("clientSecret").asText()});
                    }
                }
                pool.shutdownNow();
                // The survivor serves again, and its load runs on for a while after that; then the load stops.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> Http.postForm(
                        nodeA.tokenEndpoint(realm.name()), clientCredentials(null), basic).status() == 200);
                long servedAgain = System.currentTimeMillis();
                await().atMost(Duration.ofSeconds(30)).until(() -> loadA.samples().stream()
                        .filter(s -> s.atMillis() > servedAgain + 1500).count() >= 5);
                report("node A (survivor)", loadA.samples(), killedAt);
                report("node B (killed)", loadB.samples(), killedAt);
                List<TokenLoad.Sample> afterRecovery = loadA.samples().stream()
                        .filter(s -> s.atMillis() > System.currentTimeMillis() - 1500).toList();
                assertThat(afterRecovery).as("node A serves tokens again").isNotEmpty()
                        .allSatisfy(s -> assertThat(s.status()).isEqualTo(200));
            }
            System.out.println("NodeCrashIT: creates answered " + count(statuses, 201) + " x 201, "
                    + count(statuses, 409) + " x 409, " + count(statuses, -1) + " without an answer, others "
                    + statuses.stream().filter(s -> s != 201 && s != 409 && s != -1).toList());

            // Every create answered 201 gets tokens on the survivor.
            for (String[] credential : createdCredentials) {
                Http.Result token = Http.postForm(nodeA.tokenEndpoint(realm.name()), clientCredentials(null), credential);
                assertThat(token.status()).as(credential[0] + ": " + token).isEqualTo(200);
            }
            assertThat(count(statuses, 201)).isLessThanOrEqualTo(10);
            // At most 10, every credential Keycloak holds is listed, and the extension's rows match Keycloak's clients.
            JsonNode listed = onA.list(orgId, null).json();
            Set<String> listedIds = new HashSet<>();
            listed.forEach(c -> listedIds.add(c.get("clientId").asText()));
            assertThat(listedIds).hasSizeLessThanOrEqualTo(10).containsAll(createdIds);
            assertThat(onA.limit(orgId).json().get("used").asInt()).isEqualTo(listedIds.size());
            assertThat(CredentialInventory.clientsOf(nodeA, realm.name(), orgId))
                    .as("clients carrying the organization's credential attributes").isEqualTo(listedIds);
            assertThat(CredentialInventory.rowsOf(cluster.database(), orgId)).as("the extension's rows").isEqualTo(listedIds);
            List<JsonNode> usable = new ArrayList<>();
            listed.forEach(usable::add);
            assertThat(usable).allSatisfy(c -> assertThat(c.get("status").asText()).isEqualTo("active"));
        }
    }

    private static long served(TokenLoad load) {
        return load.samples().stream().filter(s -> s.status() == 200).count();
    }

    private static long count(List<Integer> statuses, int status) {
        return statuses.stream().filter(s -> s == status).count();
    }

    /** The figures of the failover window: per node, answers after the kill that were not 200. */
    private static void report(String node, List<TokenLoad.Sample> samples, long killedAt) {
        List<TokenLoad.Sample> after = samples.stream().filter(s -> s.atMillis() >= killedAt).toList();
        long errors = after.stream().filter(s -> s.status() != 200).count();
        long lastError = after.stream().filter(s -> s.status() != 200).mapToLong(TokenLoad.Sample::atMillis).max()
                .orElse(killedAt);
        System.out.printf("NodeCrashIT: %s: %d token requests before the kill (%d not 200), %d after it, %d of them "
                        + "errors (statuses %s), last error %d ms after the kill%n", node,
                samples.size() - after.size(),
                samples.stream().filter(s -> s.atMillis() < killedAt && s.status() != 200).count(), after.size(),
                errors, after.stream().map(TokenLoad.Sample::status).filter(s -> s != 200).distinct().toList(),
                lastError - killedAt);
    }
}
