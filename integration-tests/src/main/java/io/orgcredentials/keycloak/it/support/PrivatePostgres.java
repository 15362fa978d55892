package io.orgcredentials.keycloak.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server of the test's own (Debian's initdb and pg_ctl), on a free loopback port in a temporary
 * folder, so that a test can stop and start it without touching the machine's shared server. Runs as the
 * {@code postgres} system user when the tests run as root (initdb refuses root).
 */
public final class PrivatePostgres implements AutoCloseable {

    private final Path binaries;
    private final Path dataDirectory;
    private final int port;
    private final boolean asPostgresUser;
    private final List<String> settings;

    private PrivatePostgres(Path binaries, Path dataDirectory, int port, boolean asPostgresUser, List<String> settings) {
        this.binaries = binaries;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
        this.settings = List.copyOf(settings);
    }

    /** Creates and starts one; skips the test (fails it with -Dit.require-databases=true) without the binaries. */
    public static PrivatePostgres start() {
        return start(List.of());
    }

    /**
     * The same with server settings of its own, {@code name=value} each (e.g. the benchmark's
     * {@code shared_preload_libraries=pg_stat_statements}, which the machine's shared server does not load).
     */
    public static PrivatePostgres start(List<String> settings) {
        if (Boolean.getBoolean("it.skip-database-servers")) {
            Assumptions.abort("tests on their own database servers are not part of this run (-Dit.skip-database-servers)");
        }
        Path binaries = findBinaries();
        if (binaries == null) {
            String message = "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql";
            if (Boolean.getBoolean("it.require-databases")) {
                Assertions.fail(message);
            }
            Assumptions.abort(message + ": test skipped");
        }
        try {
            Path directory = Files.createTempDirectory("occ-pg-");
            boolean asPostgres = "root".equals(System.getProperty("user.name"));
            if (asPostgres) {
                run(List.of("chown", "postgres:postgres", directory.toString()), false);
            }
            PrivatePostgres server = new PrivatePostgres(binaries, directory.resolve("data"), KeycloakServer.freePort(),
                    asPostgres, settings);
            server.command(List.of(binaries.resolve("initdb").toString(), "-D", server.dataDirectory.toString(),
                    "-U", "postgres", "--auth=trust", "-E", "UTF8"));
            server.startServer();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** A fresh database on this server. */
    public Database newDatabase() {
        return Database.createPostgres("127.0.0.1", port);
    }

    public void startServer() {
        StringBuilder options = new StringBuilder("-p " + port + " -k " + dataDirectory.getParent()
                + " -c listen_addresses=127.0.0.1");
        settings.forEach(setting -> options.append(" -c ").append(setting));
        command(List.of(binaries.resolve("pg_ctl").toString(), "-D", dataDirectory.toString(), "-l",
                dataDirectory.resolveSibling("postgres.log").toString(), "-o", options.toString(), "-w", "start"));
    }

    /** A fast shutdown: open connections are closed at once, as when a database server restarts. */
    public void stopServer() {
        command(List.of(binaries.resolve("pg_ctl").toString(), "-D", dataDirectory.toString(), "-m", "fast", "-w", "stop"));
    }

    @Override
    public void close() {
        try {
            if (Files.exists(dataDirectory.resolve("postmaster.pid"))) {
                stopServer();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dataDirectory.getParent())) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary folder
            }
        }
    }

    private void command(List<String> command) {
        run(command, asPostgresUser);
    }

    private static void run(List<String> command, boolean asPostgresUser) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path findBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(Path::toString)).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
