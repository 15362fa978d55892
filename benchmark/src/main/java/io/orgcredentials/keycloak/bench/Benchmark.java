package io.orgcredentials.keycloak.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.it.support.ClientKeys;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakCluster;
import io.orgcredentials.keycloak.it.support.KeycloakServer;
import io.orgcredentials.keycloak.it.support.PrivatePostgres;

/**
 * {@code ./bench.sh}: Keycloak with the extension, built and started as in production on PostgreSQL, measured in
 * one run against itself: a credential against a plain confidential client at the same token endpoint
 * (alternating rounds), the JSON token variant against the native endpoint, admin list/create latency in a small
 * realm against a realm with 20,000 credentials, and server memory. Prints a Markdown report (and writes it to
 * target/bench/report.md). The server and the load share the machine, so the ratios are the result, not the
 * absolute figures.
 */
public final class Benchmark {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 6);
    private static final int WARM_UP_ROUNDS = Integer.getInteger("bench.warm-up-rounds", 3);
    private static final Duration ROUND = Duration.ofSeconds(Long.getLong("bench.round-seconds", 10));
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
    /** The spread mode's sizes, credentials a side (and as many plain clients); the largest is the large realm. */
    private static final List<Integer> SPREAD_SIZES = Arrays.stream(System.getProperty("bench.spread", "3000,20000")
            .split(",")).map(String::trim).map(Integer::valueOf).sorted().toList();
    private static final int SMALL_ORGANIZATIONS = 10;
    /** More Keycloak run-time options, comma-separated (e.g. cache sizes: --cache-embedded-realms-max-count=...). */
    private static final List<String> KEYCLOAK_OPTIONS = Arrays.stream(System.getProperty("bench.keycloak-options", "")
            .split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList();
    private static final int ADMIN_SAMPLES = Integer.getInteger("bench.admin-samples", 200);
    /** {@code tokens}: only the token measurements (a quicker rerun); anything else: everything. */
    private static final String ONLY = System.getProperty("bench.only", "");
    /** async-profiler's sampling interval: one sample per millisecond of CPU time. */
    private static final long PROFILE_INTERVAL_NANOS = 1_000_000;
    /** Linux reports process CPU time in USER_HZ ticks, 100 per second on every architecture Keycloak runs on. */
    private static final double MILLIS_PER_TICK = 10.0;

    private final StringBuilder report = new StringBuilder();
    /** The benchmark database's statement counts, once the server runs. */
    private DatabaseStatements statements;
    private final LoadGenerator load = new LoadGenerator();
    /** How many comparisons were profiled so far (their stacks files are numbered). */
    private int profiled;

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        new Benchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        line("# Benchmark run " + Instant.now());
        line("");
        line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + " (load generator); Keycloak 26.7.3 `start --optimized --metrics-enabled=true`, one node, default heap "
                + "and cache sizes, on PostgreSQL (a server of the benchmark's own, with pg_stat_statements).");
        line("Load: closed loop, " + CONCURRENCY + " concurrent connections, rounds of " + ROUND.toSeconds()
                + " s; " + WARM_UP_ROUNDS + " warm-up rounds of each side, then " + ROUNDS
                + " measured rounds each, in the order A B, B A, A B, ...");
        // Last-used recording is on (as always), at the server's default interval: one write per credential and hour.
        // -Dbench.last-used-interval=PT1S makes the background writer record a credential at every use a second
        // apart: with one credential its cost shows; with thousands it is one write per token, no operator's setting.
        String lastUsedInterval = System.getProperty("bench.last-used-interval", "PT1H");
        line("Extension options: last-used-interval=" + lastUsedInterval + " (the default is PT1H), every other option "
                + "at its default.");
        List<String> options = new ArrayList<>(List.of("--spi-org-client-credentials--default--last-used-interval="
                + lastUsedInterval));
        options.addAll(KEYCLOAK_OPTIONS);
        if (!KEYCLOAK_OPTIONS.isEmpty()) {
            line("Keycloak options besides the defaults: `" + String.join(" ", KEYCLOAK_OPTIONS) + "`.");
        }
        line("");
        try (PrivatePostgres postgres = PrivatePostgres.start(DatabaseStatements.SERVER_SETTINGS);
             KeycloakCluster cluster = KeycloakCluster.start(postgres::newDatabase, 1, options,
                     List.of("--metrics-enabled=true"));
             DatabaseStatements statements = new DatabaseStatements(cluster.database())) {
            this.statements = statements;
            KeycloakServer server = cluster.node(0);
            KeycloakApi api = new KeycloakApi(server);
            Memory empty = Memory.of(server);

            String realm = "bench-tokens";
            Fixture fixture = Fixture.create(api, realm);
            if (ONLY.equals("keys")) {
                keyThroughput(api, server, fixture);
                line("(`-Dbench.only=keys`: only the public-key comparison was measured.)");
                writeReport();
                return;
            }
            if (!ONLY.equals("spread")) {
                tokenThroughput(api, server, fixture);
                keyThroughput(api, server, fixture);
            }
            if (ONLY.equals("tokens")) {
                line("(`-Dbench.only=tokens`: the spread mode, the JSON variant, admin calls and memory were not "
                        + "measured.)");
                writeReport();
                return;
            }
            SpreadRealm spread = spread(api, server, fixture, new TokenStatements(api, statements));
            if (ONLY.equals("spread")) {
                line("(`-Dbench.only=spread`: the single-client comparisons and the JSON variant were not measured.)");
                line("");
            } else {
                jsonVariant(api, fixture);
            }

            SpreadRealm small = SpreadRealm.create(api, "bench-small");
            small.grow(SMALL_ORGANIZATIONS * SpreadRealm.PER_ORGANIZATION);
            Map<String, double[]> smallCalls = adminLatency(api, small, "small", statements);
            Map<String, double[]> largeCalls = adminLatency(api, spread, "large", statements);
            Memory loaded = Memory.of(server);
            adminReport(small, smallCalls, spread, largeCalls);
            memoryReport(empty, loaded, spread.size());
        }
        writeReport();
    }

    private void writeReport() throws IOException {
        Path out = Path.of(System.getProperty("it.work", "target/bench"), "report.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.println();
        System.out.println(report);
        System.out.println("(written to " + out.toAbsolutePath() + ")");
    }

    /**
     * A realm with one credential and one plain Keycloak client with the same client scopes; and the same pair
     * authenticating with a public key: a key credential, and a plain client with Keycloak's own {@code client-jwt}
     * (its key in the client's JWKS), each with an RSA 2048 key pair of its own.
     */
    record Fixture(String realm, String credentialId, String credentialSecret, String plainId, String plainSecret,
                   String keyCredentialId, ClientKeys credentialKey, String plainJwtId, ClientKeys plainKey) {

        static Fixture create(KeycloakApi api, String realm) {
            api.createRealm(realm);
            api.setup(realm);
            String orgId = api.createOrganization(realm, "acme");
            JsonNode credential = new CredentialsApi(api, realm, api::adminToken).createOk(orgId, "bench", null);
            KeycloakApi.expect(201, Http.postJson(api.admin(realm, "/clients"), api.adminToken(),
                    SpreadRealm.plainClient("plain-service", "plain-service-secret-0123456789")), "plain client");

            ClientKeys credentialKey = ClientKeys.rsa(2048);
            JsonNode keyCredential = KeycloakApi.expect(201, new CredentialsApi(api, realm, api::adminToken)
                    .createWithKey(orgId, "bench-key", credentialKey.jwksField()), "key credential").json();
            ClientKeys plainKey = ClientKeys.rsa(2048);
            ObjectNode jwks = Http.object();
            jwks.putArray("keys").add(plainKey.publicJwk().put("use", "sig").put("alg", "RS256"));
            ObjectNode plainJwt = Http.object().put("clientId", "plain-jwt-service").put("publicClient", false)
                    .put("serviceAccountsEnabled", true).put("standardFlowEnabled", false)
                    .put("clientAuthenticatorType", "client-jwt").put("fullScopeAllowed", false);
            plainJwt.putObject("attributes").put("use.jwks.string", "true").put("jwks.string", jwks.toString());
            plainJwt.putArray("defaultClientScopes").add("basic").add("deployments").add("configs").add("certificates");
            plainJwt.putArray("optionalClientScopes");
            KeycloakApi.expect(201, Http.postJson(api.admin(realm, "/clients"), api.adminToken(), plainJwt),
                    "plain client-jwt client");
            return new Fixture(realm, credential.get("clientId").asText(), credential.get("clientSecret").asText(),
                    "plain-service", "plain-service-secret-0123456789", keyCredential.get("clientId").asText(),
                    credentialKey, "plain-jwt-service", plainKey);
        }
    }

    private HttpRequest formToken(KeycloakApi api, String realm, String clientId, String secret) {
        return HttpRequest.newBuilder(api.tokenEndpoint(realm))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", Http.basicAuth(clientId, secret))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
    }

    private void tokenThroughput(KeycloakApi api, KeycloakServer server, Fixture f) throws Exception {
        HttpRequest credential = formToken(api, f.realm(), f.credentialId(), f.credentialSecret());
        HttpRequest plain = formToken(api, f.realm(), f.plainId(), f.plainSecret());
        ab("client_credentials: credential (A) vs plain Keycloak client (B), native endpoint", () -> credential,
                () -> plain, server, true);
        paired("client_credentials at the same time: credential (A) vs plain Keycloak client (B)", () -> credential,
                () -> plain);
        paired("control: plain Keycloak client (A) vs the same plain client (B), at the same time", () -> plain,
                () -> plain);
    }

    /**
     * Rounds in which A and B run at the same time, half the connections each: both see the same machine at the
     * same moment, so the drift in the machine's speed between rounds (which the alternating rounds above only
     * average out) cancels out of each round's ratio. A client that costs the server more gets slower answers
     * and so fewer requests through its connections. The control (the same client on both sides) shows how far
     * the ratio strays with no difference at all.
     */
    private void paired(String title, Supplier<HttpRequest> a, Supplier<HttpRequest> b) throws Exception {
        System.out.println("== " + title);
        int each = Math.max(1, CONCURRENCY / 2);
        load.runMixed(List.of(a, b), each, ROUND);
        List<LoadGenerator.Result> as = new ArrayList<>();
        List<LoadGenerator.Result> bs = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<LoadGenerator.Result> both = load.runMixed(List.of(a, b), each, ROUND);
            as.add(both.get(0));
            bs.add(both.get(1));
            System.out.printf("paired round %d: A %.0f/s, B %.0f/s%n", round + 1, both.get(0).throughput(),
                    both.get(1).throughput());
        }
        line("## " + title);
        line("");
        line("One warm-up round, then " + ROUNDS + " rounds of " + ROUND.toSeconds() + " s, " + each
                + " connections for each side at the same time.");
        line("");
        roundsReport(as, bs, null, null);
    }

    /**
     * Tokens by client assertion (private_key_jwt): a key credential against a plain Keycloak client that
     * authenticates with Keycloak's own client-jwt. Each request carries a new assertion (a jti is good once), signed
     * by the load generator with the side's RSA key, so both sides cost the load generator the same.
     */
    private void keyThroughput(KeycloakApi api, KeycloakServer server, Fixture f) throws Exception {
        Supplier<HttpRequest> credential = () -> assertionToken(api, f.realm(), f.keyCredentialId(), f.credentialKey());
        Supplier<HttpRequest> plain = () -> assertionToken(api, f.realm(), f.plainJwtId(), f.plainKey());
        ab("private_key_jwt: key credential (A) vs plain Keycloak client with client-jwt (B), native endpoint",
                credential, plain, server, true);
        paired("private_key_jwt at the same time: key credential (A) vs plain client-jwt client (B)", credential,
                plain);
    }

    private static HttpRequest assertionToken(KeycloakApi api, String realm, String clientId, ClientKeys key) {
        String assertion = key.assertion(clientId, api.tokenEndpoint(realm).toString());
        return HttpRequest.newBuilder(api.tokenEndpoint(realm))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.formBody(ClientKeys.assertionForm(assertion, null))))
                .build();
    }

    private void jsonVariant(KeycloakApi api, Fixture f) throws Exception {
        HttpRequest json = HttpRequest.newBuilder(api.uri("/realms/" + f.realm() + "/org-client-credentials/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\",\"client_id\":\""
                        + f.credentialId() + "\",\"client_secret\":\"" + f.credentialSecret() + "\"}")).build();
        HttpRequest form = HttpRequest.newBuilder(api.tokenEndpoint(f.realm()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + f.credentialId()
                        + "&client_secret=" + f.credentialSecret())).build();
        ab("credential: JSON variant (A) vs native endpoint with form fields (B)", () -> json, () -> form, null, false);
    }

    /**
     * Alternating rounds of A and B; reports totals, the ratio A/B and p50/p99; with the server also its CPU per
     * token, and with {@code profile} where that CPU goes.
     */
    private void ab(String title, Supplier<HttpRequest> a, Supplier<HttpRequest> b, KeycloakServer server,
                    boolean profile) throws Exception {
        System.out.println("== " + title);
        // The server's JIT keeps warming up for a while: warm up both sides, then alternate the order within
        // rounds (A B, B A, A B, ...) so that a drift favours neither side.
        for (int warmUp = 0; warmUp < WARM_UP_ROUNDS; warmUp++) {
            load.run(a, CONCURRENCY, ROUND);
            load.run(b, CONCURRENCY, ROUND);
        }
        List<LoadGenerator.Result> as = new ArrayList<>();
        List<LoadGenerator.Result> bs = new ArrayList<>();
        Spent spentA = new Spent();
        Spent spentB = new Spent();
        for (int round = 0; round < ROUNDS; round++) {
            if (round % 2 == 0) {
                as.add(round(server, a, spentA));
                bs.add(round(server, b, spentB));
            } else {
                bs.add(round(server, b, spentB));
                as.add(round(server, a, spentA));
            }
            System.out.printf("round %d: A %.0f/s, B %.0f/s%n", round + 1, as.get(round).throughput(), bs.get(round).throughput());
        }
        Profile[] profiles = server == null || !profile ? null : profile(server, ++profiled, a, b);
        line("## " + title);
        line("");
        roundsReport(as, bs, server == null ? null : spentA, server == null ? null : spentB);
        if (profiles != null) {
            profileReport(profiles[0], profiles[1]);
        }
    }

    /**
     * The rounds' table and the totals of both sides. With what the server spent during each side's rounds also
     * its CPU per token (the cost of one token, much less sensitive than throughput to how fast the shared machine
     * happened to be during a round), the SQL statements per token and the misses of Keycloak's caches per token.
     */
    private void roundsReport(List<LoadGenerator.Result> as, List<LoadGenerator.Result> bs, Spent spentA,
                              Spent spentB) {
        line("| round | A req/s | B req/s | A/B |");
        line("|---|---|---|---|");
        for (int i = 0; i < ROUNDS; i++) {
            line(String.format("| %d | %.0f | %.0f | %.3f |", i + 1, as.get(i).throughput(), bs.get(i).throughput(),
                    as.get(i).throughput() / bs.get(i).throughput()));
        }
        LoadGenerator.Result totalA = merge(as);
        LoadGenerator.Result totalB = merge(bs);
        line("");
        line("| | A | B | A/B |");
        line("|---|---|---|---|");
        line(String.format("| throughput (req/s) | %.0f | %.0f | **%.3f** |", totalA.throughput(), totalB.throughput(),
                totalA.throughput() / totalB.throughput()));
        line(String.format("| p50 (ms) | %.1f | %.1f | %.3f |", totalA.percentileMillis(50), totalB.percentileMillis(50),
                totalA.percentileMillis(50) / totalB.percentileMillis(50)));
        line(String.format("| p99 (ms) | %.1f | %.1f | **%.3f** |", totalA.percentileMillis(99), totalB.percentileMillis(99),
                totalA.percentileMillis(99) / totalB.percentileMillis(99)));
        if (spentA != null) {
            double msA = spentA.cpuTicks * MILLIS_PER_TICK / totalA.requests();
            double msB = spentB.cpuTicks * MILLIS_PER_TICK / totalB.requests();
            line(String.format("| server CPU per token (ms) | %.3f | %.3f | **%.3f** (B/A: %.3f) |", msA, msB,
                    msA / msB, msB / msA));
        }
        if (spentA != null && statements != null) {
            double perA = (double) spentA.statements / totalA.requests();
            double perB = (double) spentB.statements / totalB.requests();
            line(String.format("| SQL statements per token (all the database ran during the rounds) | %.2f | %.2f | %+.2f |",
                    perA, perB, perA - perB));
        }
        if (spentA != null && !Double.isNaN(spentA.realmMisses)) {
            line(String.format("| realms cache misses per token | %.2f | %.2f | %+.2f |",
                    spentA.realmMisses / totalA.requests(), spentB.realmMisses / totalB.requests(),
                    spentA.realmMisses / totalA.requests() - spentB.realmMisses / totalB.requests()));
            line(String.format("| users cache misses per token | %.2f | %.2f | %+.2f |",
                    spentA.userMisses / totalA.requests(), spentB.userMisses / totalB.requests(),
                    spentA.userMisses / totalA.requests() - spentB.userMisses / totalB.requests()));
        }
        line(String.format("| non-200 answers | %d | %d | |", totalA.failures(), totalB.failures()));
        line("");
        if (spentA != null && statements != null && (double) spentA.statements / totalA.requests()
                > 1.02 * spentB.statements / totalB.requests()) {
            List<String> extra = TokenStatements.extraStatements(new TokenStatements.Count(totalA.requests(),
                    spentA.usage), new TokenStatements.Count(totalB.requests(), spentB.usage), 8);
            line("Statements A ran more often than B during these rounds, per token:");
            line("");
            line("| more per token | statement |");
            line("|---|---|");
            extra.forEach(this::line);
            line("");
        }
    }

    /** What the server spent during one side's rounds: CPU, SQL statements, misses of Keycloak's caches. */
    private static final class Spent {
        long cpuTicks;
        long statements;
        final Map<String, DatabaseStatements.Usage> usage = new LinkedHashMap<>();
        double realmMisses;
        double userMisses;
    }

    /** One measured round; adds what the server spent during it to {@code spent} when the server is known. */
    private LoadGenerator.Result round(KeycloakServer server, Supplier<HttpRequest> request, Spent spent)
            throws Exception {
        if (server == null) {
            return load.run(request, CONCURRENCY, ROUND);
        }
        long before = cpuTicks(server);
        CacheStatistics cachesBefore = CacheStatistics.read(server);
        if (statements != null) {
            statements.reset();
        }
        LoadGenerator.Result result = load.run(request, CONCURRENCY, ROUND);
        spent.cpuTicks += cpuTicks(server) - before;
        if (statements != null) {
            Map<String, DatabaseStatements.Usage> usage = statements.read();
            spent.statements += DatabaseStatements.calls(usage);
            usage.forEach((query, use) -> spent.usage.merge(query, use, DatabaseStatements.Usage::plus));
        }
        CacheStatistics cachesAfter = CacheStatistics.read(server);
        spent.realmMisses += cachesAfter.misses(CacheStatistics.REALMS) - cachesBefore.misses(CacheStatistics.REALMS);
        spent.userMisses += cachesAfter.misses(CacheStatistics.USERS) - cachesBefore.misses(CacheStatistics.USERS);
        return result;
    }

    /** The server process's user + system CPU time so far, in ticks (/proc/{pid}/stat fields 14 and 15). */
    private static long cpuTicks(KeycloakServer server) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + server.javaPid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static LoadGenerator.Result merge(List<LoadGenerator.Result> results) {
        long[] all = results.stream().flatMapToLong(r -> Arrays.stream(r.latenciesMicros())).sorted().toArray();
        return new LoadGenerator.Result(results.stream().mapToInt(LoadGenerator.Result::requests).sum(),
                results.stream().mapToInt(LoadGenerator.Result::failures).sum(),
                results.stream().mapToDouble(LoadGenerator.Result::seconds).sum(), all);
    }

    /** The profiler's CPU samples of one side's profiled rounds: per part, per method, and the tokens they served. */
    record Profile(Path file, int requests, int samples, Map<String, Integer> byPart, Map<String, Integer> byMethod,
                   double cpuMillisPerToken) {

        /** A part's estimated server CPU per token in microseconds: its share of the samples of the round's CPU. */
        double micros(int count) {
            return samples == 0 ? 0.0 : 1000.0 * cpuMillisPerToken * count / samples;
        }
    }

    private static final Map<String, List<String>> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("the extension (io.orgcredentials)", List.of("io.orgcredentials."));
        PARTS.put("token signing (RSA)", List.of("sun.security.rsa.", "org.keycloak.crypto.AsymmetricSignatureSignerContext"));
        PARTS.put("client authentication flow (all authenticators)", List.of("org.keycloak.authentication.ClientAuthenticationFlow"));
        PARTS.put("client policies", List.of("org.keycloak.services.clientpolicy."));
        PARTS.put("protocol mappers and token building", List.of("org.keycloak.protocol.oidc.TokenManager"));
        PARTS.put("database (JDBC/Hibernate)", List.of("org.postgresql.", "org.hibernate.", "io.agroal."));
        PARTS.put("events", List.of("org.keycloak.events."));
        PARTS.put("HTTP server and JSON", List.of("io.vertx.", "io.netty.", "com.fasterxml.jackson."));
        PARTS.put("garbage collection (G1 threads)", List.of("G1", "GangWorker"));
        PARTS.put("JIT compiler threads", List.of("CompileBroker"));
    }

    /**
     * A and B under async-profiler, in rounds A B B A after a warm-up round of each, one profile per round, so that
     * every sample belongs to the side whose round it was taken in. async-profiler samples the server's CPU time in
     * every thread (Java, garbage collection, the JIT compiler) without deoptimizing compiled code; Java Flight
     * Recorder, used before, deoptimized it when it started, so that the first rounds after it ran slower code (RSA
     * signing took three times as long) and the side that happened to run them looked dearer.
     */
    private Profile[] profile(KeycloakServer server, int comparison, Supplier<HttpRequest> a, Supplier<HttpRequest> b)
            throws Exception {
        Path directory = Path.of(System.getProperty("it.work", "target/bench")).toAbsolutePath();
        String pid = Long.toString(server.javaPid());
        load.run(a, CONCURRENCY, ROUND);
        load.run(b, CONCURRENCY, ROUND);
        int[] requests = new int[2];
        Spent[] spent = {new Spent(), new Spent()};
        List<Map<String, Integer>> counts = List.of(new LinkedHashMap<>(), new LinkedHashMap<>());
        counts.forEach(c -> PARTS.keySet().forEach(k -> c.put(k, 0)));
        List<Map<String, Integer>> methods = List.of(new HashMap<>(), new HashMap<>());
        int[] samples = new int[2];
        int round = 0;
        for (int side : new int[] {0, 1, 1, 0}) {
            Path stacks = directory.resolve(String.format("profile-%d-round-%d-%s.collapsed", comparison, ++round,
                    side == 0 ? "A" : "B"));
            asprof("start", "-e", "cpu", "-i", PROFILE_INTERVAL_NANOS + "", pid);
            requests[side] += round(server, side == 0 ? a : b, spent[side]).requests();
            asprof("stop", "-o", "collapsed", "-f", stacks.toString(), pid);
            if (!Files.isRegularFile(stacks) || Files.size(stacks) == 0) {
                throw new IllegalStateException("async-profiler wrote no stacks to " + stacks);
            }
            samples[side] += countStacks(stacks, counts.get(side), methods.get(side));
        }
        Profile[] profiles = new Profile[2];
        for (int side = 0; side < 2; side++) {
            profiles[side] = new Profile(directory.resolve("profile-" + comparison + "-round-*.collapsed"),
                    requests[side], samples[side], counts.get(side), methods.get(side),
                    spent[side].cpuTicks * MILLIS_PER_TICK / Math.max(1, requests[side]));
        }
        return profiles;
    }

    /**
     * Adds one round's stacks (async-profiler's collapsed format: frames separated by ';', then the sample count) to
     * the samples per part and per method, each counted once per stack however often it recurs; returns the samples.
     */
    private static int countStacks(Path stacks, Map<String, Integer> byPart, Map<String, Integer> byMethod)
            throws IOException {
        int samples = 0;
        for (String line : Files.readAllLines(stacks)) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            int count = Integer.parseInt(line.substring(space + 1));
            Set<String> frames = new HashSet<>();
            for (String frame : line.substring(0, space).split(";")) {
                frames.add(frame.replace('/', '.'));
            }
            samples += count;
            for (Map.Entry<String, List<String>> part : PARTS.entrySet()) {
                if (frames.stream().anyMatch(frame -> part.getValue().stream().anyMatch(frame::contains))) {
                    byPart.merge(part.getKey(), count, Integer::sum);
                }
            }
            frames.forEach(frame -> byMethod.merge(frame, count, Integer::sum));
        }
        return samples;
    }

    /**
     * Runs async-profiler's asprof (the binary of the ap-loader dependency); what it says on stderr is shown. The agent
     * library is extracted first: ap-loader extracts only the binary for asprof, which looks for the library beside
     * it, so on a machine that never had the library extracted the server could not load the agent.
     */
    private static void asprof(String... args) throws IOException {
        one.profiler.AsyncProfilerLoader.getAsyncProfilerPath();
        one.profiler.AsyncProfilerLoader.ExecutionResult result = one.profiler.AsyncProfilerLoader.executeProfiler(args);
        if (result.getStderr() != null && !result.getStderr().isBlank()) {
            System.out.println("  asprof " + String.join(" ", args) + ": " + result.getStderr().strip());
        }
    }

    /**
     * Where the server's CPU went: each part's share of the samples, and, with the round's server CPU per token,
     * about how many microseconds of a token it takes on each side; their difference is what a credential's token
     * costs more (or less) than a plain client's, part by part (about a millisecond of CPU per sample; differences of a few percent are within one run's noise).
     */
    private void profileReport(Profile a, Profile b) {
        line("### Where the server's CPU goes (async-profiler, a warm-up round of each side, then rounds A B B A, "
                + ROUND.toSeconds() + " s each, not counted above)");
        line("");
        line(String.format("A: %d samples, %d tokens, %.2f ms server CPU per token; B: %d samples, %d tokens, %.2f ms "
                        + "(stacks: %s; a sample per millisecond of CPU in any of the server's threads). Parts overlap "
                        + "(signing happens inside token building). Microseconds per token: the part's share of the side's "
                        + "samples times its server CPU per token in the profiled rounds.", a.samples(), a.requests(),
                a.cpuMillisPerToken(), b.samples(), b.requests(), b.cpuMillisPerToken(), a.file()));
        line("");
        line("| part | A share | B share | A µs per token | B µs per token | A − B (µs) |");
        line("|---|---|---|---|---|---|");
        line(String.format("| all samples | 100 %% | 100 %% | %.0f | %.0f | %+.0f |", a.micros(a.samples()),
                b.micros(b.samples()), a.micros(a.samples()) - b.micros(b.samples())));
        for (String part : PARTS.keySet()) {
            int ca = a.byPart().get(part);
            int cb = b.byPart().get(part);
            line(String.format("| %s | %.1f %% | %.1f %% | %.0f | %.0f | %+.0f |", part, share(ca, a), share(cb, b),
                    a.micros(ca), b.micros(cb), a.micros(ca) - b.micros(cb)));
        }
        line("");
        methodDifferences(a, b);
    }

    /**
     * The methods whose stacks took the most more (and less) CPU per token on A than on B, counting a sample for every
     * method on its stack once: where a credential's extra cost sits, below the parts' level.
     */
    private void methodDifferences(Profile a, Profile b) {
        Set<String> all = new HashSet<>(a.byMethod().keySet());
        all.addAll(b.byMethod().keySet());
        Map<String, Double> difference = new HashMap<>();
        for (String method : all) {
            difference.put(method, a.micros(a.byMethod().getOrDefault(method, 0))
                    - b.micros(b.byMethod().getOrDefault(method, 0)));
        }
        List<String> ranked = all.stream()
                .filter(m -> share(a.byMethod().getOrDefault(m, 0), a) < 50 || share(b.byMethod().getOrDefault(m, 0), b) < 50)
                .sorted(Comparator.comparingDouble((String m) -> -Math.abs(difference.get(m))))
                .limit(30).toList();
        line("Methods by the difference of the CPU per token spent in them or below them (A − B, µs; the 30 largest, "
                + "leaving out the request's common path, which holds at least half of both sides' samples):");
        line("");
        line("| method | A µs per token | B µs per token | A − B (µs) |");
        line("|---|---|---|---|");
        for (String method : ranked) {
            line(String.format("| `%s` | %.0f | %.0f | %+.0f |", method,
                    a.micros(a.byMethod().getOrDefault(method, 0)), b.micros(b.byMethod().getOrDefault(method, 0)),
                    difference.get(method)));
        }
        line("");
    }

    private static double share(int count, Profile profile) {
        return profile.samples() == 0 ? 0.0 : 100.0 * count / profile.samples();
    }

    /**
     * The spread mode: N credentials in N/10 organizations against N plain clients in one realm, each request naming
     * a client of its side at random, so that at N in the thousands Keycloak's caches miss as in a real realm of that
     * size (N = 1 is the fixture's pair, measured above). Before the first rounds, the SQL statements per token of
     * both sides: steady, a client's first tokens, and after cleared caches.
     */
    private SpreadRealm spread(KeycloakApi api, KeycloakServer server, Fixture fixture, TokenStatements statements)
            throws Exception {
        SpreadRealm spread = SpreadRealm.create(api, "bench-spread");
        boolean first = true;
        for (int perSide : SPREAD_SIZES) {
            spread.grow(perSide);
            if (perSide == SPREAD_SIZES.get(SPREAD_SIZES.size() - 1)) {
                // As the benchmark measured until issue 24: right after the bulk of creates, before anything else.
                largeRightAfterPopulating = adminLatency(api, spread, "large, right after populating",
                        this.statements);
            }
            if (first) {
                statementsReport(api, fixture, spread, statements);
                first = false;
            }
            prime(spread);
            String title = String.format("spread over %,d clients a side: a random credential (A) vs a random plain "
                    + "Keycloak client (B), %,d organizations", spread.size(), spread.organizationIds().size());
            ab(title, spread.randomCredential(), spread.randomPlain(), server, perSide == SPREAD_SIZES.get(SPREAD_SIZES.size() - 1));
            paired(title + ", at the same time", spread.randomCredential(), spread.randomPlain());
            CacheStatistics caches = CacheStatistics.read(server);
            line(String.format("Keycloak's caches after these rounds: realms %,.0f entries, users %,.0f entries (each "
                    + "at most 10,000 by default).", caches.entries(CacheStatistics.REALMS),
                    caches.entries(CacheStatistics.USERS)));
            line("");
        }
        line(String.format("Populating the spread realm (%,d credentials and %,d plain clients, %d parallel admin "
                + "clients) took %.0f s.", spread.size(), spread.plainClients().size(), 4, spread.populateSeconds()));
        line("");
        return spread;
    }

    /**
     * One token for every client of both sides, before the rounds: a server that has been running has seen its
     * clients (and written their last use), so the rounds measure the steady state, in which the clients stay in
     * Keycloak's caches when those are large enough, rather than a first token of each.
     */
    private static void prime(SpreadRealm spread) throws Exception {
        List<HttpRequest> all = new ArrayList<>();
        spread.credentials().forEach(c -> all.add(spread.tokenRequest(c)));
        spread.plainClients().forEach(c -> all.add(spread.tokenRequest(c)));
        java.util.Collections.shuffle(all);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        List<Future<Http.Result>> answers = new ArrayList<>();
        for (HttpRequest request : all) {
            answers.add(pool.submit(() -> Http.send(request)));
        }
        for (Future<Http.Result> answer : answers) {
            if (answer.get().status() != 200) {
                throw new IllegalStateException("priming failed: " + answer.get());
            }
        }
        pool.shutdown();
        System.out.printf("  primed %d clients in %.0f s%n", all.size(), (System.nanoTime() - started) / 1e9);
    }

    /** SQL statements per token request, each side alone, one request at a time. */
    private void statementsReport(KeycloakApi api, Fixture fixture, SpreadRealm spread, TokenStatements statements)
            throws Exception {
        System.out.println("== SQL statements per token");
        List<TokenStatements.Row> rows = new ArrayList<>();
        HttpRequest credential = formToken(api, fixture.realm(), fixture.credentialId(), fixture.credentialSecret());
        HttpRequest plain = formToken(api, fixture.realm(), fixture.plainId(), fixture.plainSecret());
        rows.add(new TokenStatements.Row("steady: the same client again and again (500 tokens each)",
                statements.steady(credential, 500), statements.steady(plain, 500)));

        // Clients never used since they were created, in a realm of N a side: the first token loads each into the
        // caches, the second and third find it there (unless the caches are too small for what they are asked).
        int fresh = Math.min(200, spread.size() / 2);
        List<HttpRequest> credentials = spread.credentials().subList(0, fresh).stream().map(spread::tokenRequest).toList();
        List<HttpRequest> plains = spread.plainClients().subList(0, fresh).stream().map(spread::tokenRequest).toList();
        statements.clearCaches(spread.realm());
        List<SpreadRealm.Client> others = spread.credentials();
        List<SpreadRealm.Client> otherPlains = spread.plainClients();
        statements.count(List.of(spread.tokenRequest(others.get(others.size() - 1)),
                spread.tokenRequest(otherPlains.get(otherPlains.size() - 1))));
        String[] ordinal = {"first", "second", "third"};
        TokenStatements.Row firstTokens = null;
        for (String nth : ordinal) {
            TokenStatements.Row row = new TokenStatements.Row(String.format("a client's %s token: %d clients a side, "
                    + "one token each, in a realm of %,d a side", nth, fresh, spread.size()),
                    statements.count(credentials), statements.count(plains));
            rows.add(row);
            firstTokens = firstTokens == null ? row : firstTokens;
        }
        TokenStatements.Row cleared = statements.afterClearedCaches(fixture.realm(), credential, plain, 20);
        rows.add(cleared);

        line("## SQL statements per token request");
        line("");
        line("Counted with PostgreSQL's pg_stat_statements (SQL statements proper; BEGIN, COMMIT and SET are not "
                + "tracked), each side alone, one request at a time. A = a credential, B = a plain Keycloak client with "
                + "the same client scopes. Database time is the statements' execution time in PostgreSQL.");
        line("");
        line("| situation | A statements per token | B statements per token | A − B | A DB ms per token | B DB ms per token |");
        line("|---|---|---|---|---|---|");
        for (TokenStatements.Row row : rows) {
            line(String.format("| %s | %.2f | %.2f | **%+.2f** | %.3f | %.3f |", row.situation(),
                    row.credential().perToken(), row.plain().perToken(),
                    row.credential().perToken() - row.plain().perToken(), row.credential().millisPerToken(),
                    row.plain().millisPerToken()));
        }
        line("");
        TokenStatements.Row steady = rows.get(0);
        line("What each side ran in steady state, per token: A " + TokenStatements.listed(steady.credential())
                + "; B " + TokenStatements.listed(steady.plain()) + ".");
        line("");
        for (TokenStatements.Row row : List.of(firstTokens, cleared)) {
            List<String> extra = TokenStatements.extraStatements(row.credential(), row.plain(), 10);
            line("Statements A ran more often than B, per token (" + row.situation() + "):");
            line("");
            if (extra.isEmpty()) {
                line("(none)");
            } else {
                line("| more per token | statement |");
                line("|---|---|");
                extra.forEach(this::line);
            }
            line("");
        }
    }

    /**
     * List and create latency in one organization of the realm, sequentially, {@link #ADMIN_SAMPLES} samples each,
     * and the SQL statements of the creates (each followed by an unmeasured delete).
     */
    private Map<String, double[]> adminLatency(KeycloakApi api, SpreadRealm realm, String label,
                                               DatabaseStatements statements) throws Exception {
        System.out.println("== admin calls in " + realm.realm());
        List<String> orgIds = realm.organizationIds();
        String orgId = orgIds.get(orgIds.size() / 2);
        CredentialsApi credentials = new CredentialsApi(api, realm.realm(), api::adminToken);
        KeycloakApi.expect(200, credentials.setLimit(orgId, Http.object().put("limit", SpreadRealm.PER_ORGANIZATION + 1)),
                "limit");
        URI list = api.ext(realm.realm(), "/organizations/" + orgId + "/clients");
        for (int i = 0; i < 20; i++) { // warm-up
            Http.get(list, api.adminToken());
        }
        long[] listMicros = new long[ADMIN_SAMPLES];
        for (int i = 0; i < ADMIN_SAMPLES; i++) {
            String token = api.adminToken();
            long start = System.nanoTime();
            Http.Result result = Http.get(list, token);
            listMicros[i] = (System.nanoTime() - start) / 1000;
            if (result.status() != 200 || result.json().size() != SpreadRealm.PER_ORGANIZATION) {
                throw new IllegalStateException("list failed: " + result);
            }
        }
        long[] createMicros = new long[ADMIN_SAMPLES];
        Map<String, DatabaseStatements.Usage> createUsage = new LinkedHashMap<>();
        for (int i = 0; i < ADMIN_SAMPLES; i++) {
            String token = api.adminToken();
            statements.reset();
            long start = System.nanoTime();
            Http.Result result = Http.postJson(api.ext(realm.realm(), "/organizations/" + orgId + "/clients"), token,
                    Http.object().put("name", "timed-" + i));
            createMicros[i] = (System.nanoTime() - start) / 1000;
            statements.read().forEach((query, use) -> createUsage.merge(query, use, DatabaseStatements.Usage::plus));
            KeycloakApi.expect(201, result, "create");
            KeycloakApi.expect(204, credentials.delete(orgId, result.json().get("clientId").asText()), "delete");
        }
        Arrays.sort(listMicros);
        Arrays.sort(createMicros);
        createStatements.put(label, createUsage);
        Map<String, double[]> result = new LinkedHashMap<>();
        result.put("list", new double[]{pct(listMicros, 50), pct(listMicros, 99)});
        result.put("create", new double[]{pct(createMicros, 50), pct(createMicros, 99)});
        return result;
    }

    /** The large realm's admin calls measured right after it was populated (the earlier runs' moment). */
    private Map<String, double[]> largeRightAfterPopulating;

    /** Per measurement: the statements of its timed creates, summed. */
    private final Map<String, Map<String, DatabaseStatements.Usage>> createStatements = new LinkedHashMap<>();

    private static double pct(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1000.0;
    }

    private void adminReport(SpreadRealm small, Map<String, double[]> smallCalls, SpreadRealm large,
                             Map<String, double[]> largeCalls) {
        line(String.format("## Admin calls: an organization of 10 in a realm of %,d credentials (and %,d plain clients) "
                + "vs a realm of %,d credentials (and %,d plain clients)", small.size(), small.plainClients().size(),
                large.size(), large.plainClients().size()));
        line("");
        line("| call (" + ADMIN_SAMPLES + " sequential samples) | small realm p50 / p99 (ms) | large realm p50 / p99 (ms) | large/small p50 | large/small p99 |");
        line("|---|---|---|---|---|");
        for (String call : List.of("list", "create")) {
            double[] s = smallCalls.get(call);
            double[] l = largeCalls.get(call);
            line(String.format("| %s | %.1f / %.1f | %.1f / %.1f | **%.2f** | %.2f |", call, s[0], s[1], l[0], l[1],
                    l[0] / s[0], l[1] / s[1]));
            double[] early = largeRightAfterPopulating == null ? null : largeRightAfterPopulating.get(call);
            if (early != null) {
                line(String.format("| %s, large realm right after populating it | | %.1f / %.1f | %.2f | %.2f |", call,
                        early[0], early[1], early[0] / s[0], early[1] / s[1]));
            }
        }
        line("");
        Map<String, DatabaseStatements.Usage> early = createStatements.get("large, right after populating");
        if (early != null) {
            line(String.format("Right after populating, a create in the large realm ran %.1f statements with %.2f ms of "
                    + "database time.", (double) DatabaseStatements.calls(early) / ADMIN_SAMPLES,
                    DatabaseStatements.millis(early) / ADMIN_SAMPLES));
            line("");
        }
        Map<String, DatabaseStatements.Usage> s = createStatements.get("small");
        Map<String, DatabaseStatements.Usage> l = createStatements.get("large");
        line(String.format("SQL per create: %.1f statements and %.2f ms of database time in the small realm, %.1f and "
                        + "%.2f ms in the large one. The statements that took the most database time per create in the "
                        + "large realm:", (double) DatabaseStatements.calls(s) / ADMIN_SAMPLES,
                DatabaseStatements.millis(s) / ADMIN_SAMPLES, (double) DatabaseStatements.calls(l) / ADMIN_SAMPLES,
                DatabaseStatements.millis(l) / ADMIN_SAMPLES));
        line("");
        line("| large: ms per create | small: ms per create | calls per create | statement |");
        line("|---|---|---|---|");
        l.entrySet().stream()
                .sorted((x, y) -> Double.compare(y.getValue().millis(), x.getValue().millis()))
                .limit(8)
                .forEach(e -> {
                    DatabaseStatements.Usage inSmall = s.getOrDefault(e.getKey(), new DatabaseStatements.Usage(0, 0));
                    line(String.format("| %.3f | %.3f | %.1f | `%s` |", e.getValue().millis() / ADMIN_SAMPLES,
                            inSmall.millis() / ADMIN_SAMPLES, (double) e.getValue().calls() / ADMIN_SAMPLES,
                            TokenStatements.shorten(e.getKey())));
                });
        line("");
    }

    /** Resident memory of the server process, and its heap after a full collection. */
    record Memory(long rssKb, long peakRssKb, long heapUsedKb) {

        static Memory of(KeycloakServer server) throws Exception {
            long pid = server.javaPid();
            jcmd(server, "GC.run");
            String status = Files.readString(Path.of("/proc/" + pid + "/status"));
            String heap = jcmd(server, "GC.heap_info");
            long used = 0;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(heap);
            if (m.find()) {
                used = Long.parseLong(m.group(1));
            }
            return new Memory(kb(status, "VmRSS"), kb(status, "VmHWM"), used);
        }

        private static long kb(String status, String field) {
            for (String line : status.split("\n")) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        }
    }

    private void memoryReport(Memory empty, Memory loaded, int credentials) {
        line("## Server memory");
        line("");
        line(String.format("| | freshly started, no realm of ours | after all of the above (%,d credentials and as many "
                + "plain clients loaded) | ratio |", credentials));
        line("|---|---|---|---|");
        line(String.format("| heap used after a full GC (MiB) | %.0f | %.0f | %.2f |", empty.heapUsedKb() / 1024.0,
                loaded.heapUsedKb() / 1024.0, (double) loaded.heapUsedKb() / empty.heapUsedKb()));
        line(String.format("| resident set (MiB) | %.0f | %.0f | %.2f |", empty.rssKb() / 1024.0, loaded.rssKb() / 1024.0,
                (double) loaded.rssKb() / empty.rssKb()));
        line(String.format("| peak resident set (MiB) | %.0f | %.0f | %.2f |", empty.peakRssKb() / 1024.0,
                loaded.peakRssKb() / 1024.0, (double) loaded.peakRssKb() / empty.peakRssKb()));
        line("");
    }

    static String jcmd(KeycloakServer server, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        args.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        args.add(Long.toString(server.javaPid()));
        args.addAll(List.of(command));
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(2, TimeUnit.MINUTES);
        return out;
    }

    private void line(String text) {
        report.append(text).append('\n');
    }
}
