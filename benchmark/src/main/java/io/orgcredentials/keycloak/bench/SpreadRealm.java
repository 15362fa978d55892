package io.orgcredentials.keycloak.bench;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;

/**
 * The spread mode's realm: N credentials in N/10 organizations and N plain Keycloak clients (the same client scopes,
 * a service account each), grown in steps so that one realm serves every N. A request names one client of its side
 * at random, so that with N in the thousands Keycloak's caches miss as they do in a real realm of that size.
 */
final class SpreadRealm {

    static final int PER_ORGANIZATION = 10;
    private static final int PARALLEL_ADMIN_CLIENTS = 4;

    record Client(String clientId, String secret) {
    }

    private final KeycloakApi api;
    private final String realm;
    private final List<Client> credentials = Collections.synchronizedList(new ArrayList<>());
    private final List<Client> plainClients = Collections.synchronizedList(new ArrayList<>());
    private final List<String> organizationIds = Collections.synchronizedList(new ArrayList<>());
    private List<HttpRequest> credentialRequests = List.of();
    private List<HttpRequest> plainRequests = List.of();
    private double populateSeconds;

    private SpreadRealm(KeycloakApi api, String realm) {
        this.api = api;
        this.realm = realm;
    }

    static SpreadRealm create(KeycloakApi api, String realm) {
        api.createRealm(realm);
        api.setup(realm);
        return new SpreadRealm(api, realm);
    }

    /** A plain confidential client with a service account and the credentials' client scopes, nothing else. */
    static ObjectNode plainClient(String clientId, String secret) {
        ObjectNode plain = Http.object().put("clientId", clientId).put("publicClient", false)
                .put("serviceAccountsEnabled", true).put("standardFlowEnabled", false).put("secret", secret)
                .put("fullScopeAllowed", false);
        plain.putArray("defaultClientScopes").add("basic").add("deployments").add("configs").add("certificates");
        plain.putArray("optionalClientScopes");
        return plain;
    }

    String realm() {
        return realm;
    }

    /** Adds organizations of 10 credentials, and as many plain clients, until each side has {@code perSide}. */
    void grow(int perSide) throws Exception {
        long started = System.nanoTime();
        int from = organizationIds.size();
        int to = (perSide + PER_ORGANIZATION - 1) / PER_ORGANIZATION;
        System.out.printf("== growing %s to %d organizations x %d credentials and as many plain clients%n", realm, to,
                PER_ORGANIZATION);
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_ADMIN_CLIENTS);
        List<Future<?>> work = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int index = i;
            work.add(pool.submit(() -> {
                addOrganization(index);
                if ((index + 1) % 100 == 0) {
                    System.out.printf("  %d organizations in %.0f s%n", index + 1, (System.nanoTime() - started) / 1e9);
                }
                return null;
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        populateSeconds += (System.nanoTime() - started) / 1e9;
        credentialRequests = credentials.stream().map(c -> tokenRequest(c)).toList();
        plainRequests = plainClients.stream().map(c -> tokenRequest(c)).toList();
    }

    private void addOrganization(int index) {
        String orgId = api.createOrganization(realm, "org-" + index);
        organizationIds.add(orgId);
        CredentialsApi api = new CredentialsApi(this.api, realm, this.api::adminToken);
        for (int c = 0; c < PER_ORGANIZATION; c++) {
            JsonNode created = api.createOk(orgId, "credential-" + c, null);
            credentials.add(new Client(created.get("clientId").asText(), created.get("clientSecret").asText()));
            String plainId = "plain-" + index + "-" + c;
            String secret = "plain-secret-" + index + "-" + c + "-0123456789";
            KeycloakApi.expect(201, Http.postJson(this.api.admin(realm, "/clients"), this.api.adminToken(),
                    plainClient(plainId, secret)), "plain client");
            plainClients.add(new Client(plainId, secret));
        }
    }

    HttpRequest tokenRequest(Client client) {
        return HttpRequest.newBuilder(api.tokenEndpoint(realm))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", Http.basicAuth(client.clientId(), client.secret()))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
    }

    /** A token request of a credential picked at random. */
    Supplier<HttpRequest> randomCredential() {
        List<HttpRequest> requests = credentialRequests;
        return () -> requests.get(ThreadLocalRandom.current().nextInt(requests.size()));
    }

    /** A token request of a plain client picked at random. */
    Supplier<HttpRequest> randomPlain() {
        List<HttpRequest> requests = plainRequests;
        return () -> requests.get(ThreadLocalRandom.current().nextInt(requests.size()));
    }

    List<Client> credentials() {
        return List.copyOf(credentials);
    }

    List<Client> plainClients() {
        return List.copyOf(plainClients);
    }

    List<String> organizationIds() {
        return List.copyOf(organizationIds);
    }

    int size() {
        return credentials.size();
    }

    double populateSeconds() {
        return populateSeconds;
    }
}
