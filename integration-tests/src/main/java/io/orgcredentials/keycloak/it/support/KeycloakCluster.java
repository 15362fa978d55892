package io.orgcredentials.keycloak.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Keycloak nodes as production runs them: an optimized build ({@code kc.sh build}) on a real database, started
 * with {@code start --optimized} and Keycloak's default clustering (embedded Infinispan, discovery through the
 * shared database). The nodes run from their own copy of the distribution, so the development-mode server of
 * the other tests is not disturbed.
 */
public final class KeycloakCluster implements AutoCloseable {

    private final Database database;
    private final List<KeycloakServer> nodes;

    private KeycloakCluster(Database database, List<KeycloakServer> nodes) {
        this.database = database;
        this.nodes = nodes;
    }

    /** Skips (or, with -Dit.require-databases=true, fails) a test when the database server is not running. */
    public static void requireServer(Database.Kind kind) {
        if (Boolean.getBoolean("it.skip-database-servers")) {
            // CI's version matrix: the cluster and MariaDB tests run once, in the full run on PostgreSQL.
            Assumptions.abort("tests on their own database servers are not part of this run (-Dit.skip-database-servers)");
        }
        if (Database.serverReachable(kind)) {
            return;
        }
        String message = kind + " server not reachable (see Database for the address options): "
                + Database.lastProblem();
        if (Boolean.getBoolean("it.require-databases")) {
            Assertions.fail(message);
        }
        Assumptions.abort(message + ": test skipped");
    }

    /** Starts {@code size} nodes, one after the other, sharing a fresh database of the given kind. */
    public static KeycloakCluster start(Database.Kind kind, int size) {
        return start(kind, size, List.of());
    }

    /** The same, with more run-time options for every node. */
    public static KeycloakCluster start(Database.Kind kind, int size, List<String> extraOptions) {
        requireServer(kind);
        return start(() -> Database.create(kind), size, extraOptions);
    }

    /** The same on a database of the caller's (a new one for each try), e.g. on a {@link PrivatePostgres}. */
    public static KeycloakCluster start(Supplier<Database> newDatabase, int size, List<String> extraOptions) {
        return start(newDatabase, size, extraOptions, List.of());
    }

    /** The same with more build-time options (e.g. {@code --metrics-enabled=true}) for {@code kc.sh build}. */
    public static KeycloakCluster start(Supplier<Database> newDatabase, int size, List<String> extraOptions,
                                        List<String> buildOptions) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(newDatabase, size, extraOptions, buildOptions);
            } catch (KeycloakServer.PortTakenException taken) {
                // Another process bound a chosen port before a node did: start afresh on other ports.
                if (attempt == 3) {
                    throw taken;
                }
            }
        }
    }

    private static KeycloakCluster startOnce(Supplier<Database> newDatabase, int size, List<String> extraOptions,
                                             List<String> buildOptions) {
        Database database = newDatabase.get();
        List<KeycloakServer> nodes = new ArrayList<>();
        try {
            Path home = buildHome(database, buildOptions);
            int firstHttpPort = KeycloakServer.freePort();
            for (int i = 0; i < size; i++) {
                int httpPort = i == 0 ? firstHttpPort : KeycloakServer.freePort();
                int managementPort = KeycloakServer.freePort();
                Path objectStore = KeycloakServer.workDirectory().resolve("tx-" + httpPort);
                List<String> args = new ArrayList<>(List.of("start", "--optimized", "--http-enabled=true",
                        "--http-host=127.0.0.1", "--http-port=" + httpPort, "--http-management-port=" + managementPort,
                        "--hostname=http://127.0.0.1:" + firstHttpPort,
                        "--cache-embedded-network-bind-address=127.0.0.1",
                        "--cache-embedded-network-bind-port=" + KeycloakServer.freePort(),
                        "-Djgroups.fd.port-offset=50",
                        "-Dquarkus.transaction-manager.object-store.directory=" + objectStore));
                args.addAll(database.connectionOptions());
                args.addAll(extraOptions);
                nodes.add(KeycloakServer.launch(home, args, database, false, httpPort, managementPort));
            }
            return new KeycloakCluster(database, nodes);
        } catch (RuntimeException | IOException | InterruptedException e) {
            nodes.forEach(KeycloakServer::close);
            database.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    public List<KeycloakServer> nodes() {
        return nodes;
    }

    /** The database the nodes share, for tests that look at what is stored. */
    public Database database() {
        return database;
    }

    public KeycloakServer node(int index) {
        return nodes.get(index);
    }

    @Override
    public void close() {
        nodes.forEach(KeycloakServer::close);
        database.close();
    }

    /** A copy of the distribution with the extension, built for the database vendor. */
    private static Path buildHome(Database database, List<String> buildOptions) throws IOException,
            InterruptedException {
        Path source = Path.of(KeycloakServer.required("keycloak.home"));
        Path home = KeycloakServer.workDirectory().resolve("homes").resolve(database.kind().name().toLowerCase());
        if (!Files.exists(home.resolve("bin/kc.sh"))) {
            Files.createDirectories(home.getParent());
            run(List.of("cp", "-a", source.toString(), home.toString()), home.getParent().resolve("copy.log"));
        }
        KeycloakServer.installProvider(home);
        List<String> build = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build",
                database.vendorOption(), "--health-enabled=true"));
        build.addAll(buildOptions);
        run(build, home.getParent().resolve("build-" + database.kind().name().toLowerCase() + ".log"));
        return home;
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new UncheckedIOException(new IOException(String.join(" ", command) + " failed; see " + log
                    + ":\n" + Files.readString(log)));
        }
    }
}
