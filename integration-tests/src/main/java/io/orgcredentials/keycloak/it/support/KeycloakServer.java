package io.orgcredentials.keycloak.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * A real Keycloak from the keycloak-quarkus-dist zip, run as a child process with exactly the extension jar
 * users drop into providers/, on free ports, stopped (with its database) on {@link #close()} or JVM exit.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";
    public static final String PROVIDER_FILE = "org-client-credentials.jar";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    /** The last-used interval of the test servers (the option's default is an hour). */
    public static final java.time.Duration LAST_USED_INTERVAL = java.time.Duration.ofSeconds(4);

    private final Process process;
    private final Path log;
    private final int httpPort;
    private final int managementPort;
    private final Database database;
    private final Thread shutdownHook;

    private KeycloakServer(Process process, Path log, int httpPort, int managementPort, Database database) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.database = database;
        this.shutdownHook = new Thread(this::stopProcess, "stop-keycloak");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts Keycloak on the database chosen with -Ddb (H2 by default) and waits until it is ready. */
    public static KeycloakServer start() {
        return start(Database.create(Database.configuredKind()), List.of(), null);
    }

    /**
     * Keycloak in development mode from the distribution the build unpacked.
     *
     * @param database     where Keycloak keeps its data (closed with the server)
     * @param extraOptions more kc.sh options
     * @param fixedPort    a port to use for HTTP, or null for a free one
     */
    public static KeycloakServer start(Database database, List<String> extraOptions, Integer fixedPort) {
        return start(Path.of(required("keycloak.home")), database, extraOptions, fixedPort);
    }

    /** The same, from another unpacked distribution (for example a Keycloak version the extension does not support). */
    public static KeycloakServer start(Path home, Database database, List<String> extraOptions, Integer fixedPort) {
        try {
            installProvider(home);
        } catch (IOException e) {
            database.close();
            throw new UncheckedIOException(e);
        }
        return startDev(home, database, extraOptions, fixedPort, true);
    }

    /**
     * Development mode in {@code home} as it is (whatever jar its providers/ holds).
     *
     * @param ownsDatabase whether closing the server drops the database
     */
    static KeycloakServer startDev(Path home, Database database, List<String> extraOptions, Integer fixedPort,
                                   boolean ownsDatabase) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startDevOnce(home, database, extraOptions, fixedPort, ownsDatabase);
            } catch (PortTakenException taken) {
                // Another process bound a chosen port between the check and Keycloak's bind: choose again.
                if (fixedPort != null || attempt == 3) {
                    if (ownsDatabase) {
                        database.close();
                    }
                    throw taken;
                }
            }
        }
    }

    private static KeycloakServer startDevOnce(Path home, Database database, List<String> extraOptions,
                                               Integer fixedPort, boolean ownsDatabase) {
        int httpPort = fixedPort != null ? fixedPort : freePort();
        int managementPort = freePort();
        List<String> args = new ArrayList<>(List.of("start-dev", "--http-host=127.0.0.1", "--http-port=" + httpPort,
                "--http-management-port=" + managementPort, "--health-enabled=true", "--metrics-enabled=true",
                // A short last-used interval, so that a test can see the time move without waiting an hour.
                "--spi-org-client-credentials--default--last-used-interval=" + LAST_USED_INTERVAL));
        if (System.getenv("KC_DB") == null) {
            args.addAll(database.keycloakOptions());
        }
        args.addAll(extraOptions);
        return launch(home, args, database, ownsDatabase, httpPort, managementPort);
    }

    /**
     * Runs {@code kc.sh <args>} in {@code home} and waits until Keycloak is ready.
     *
     * @param ownsDatabase whether closing this server drops the database (false for cluster nodes sharing one)
     */
    static KeycloakServer launch(Path home, List<String> args, Database database, boolean ownsDatabase, int httpPort,
                                 int managementPort) {
        try {
            Path work = workDirectory();
            List<String> command = new ArrayList<>();
            command.add(home.resolve("bin/kc.sh").toString());
            command.addAll(args);
            Path log = work.resolve("keycloak-" + httpPort + ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            // -Dit.java.home runs Keycloak on another JDK than the tests (CI: the Temurin 25 JDK).
            String javaHome = System.getProperty("it.java.home", "");
            if (!javaHome.isBlank()) {
                env.put("JAVA_HOME", javaHome);
            }
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            KeycloakServer server = new KeycloakServer(builder.start(), log, httpPort, managementPort,
                    ownsDatabase ? database : null);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            if (ownsDatabase) {
                database.close();
            }
            throw new UncheckedIOException(e);
        }
    }

    static Path workDirectory() throws IOException {
        Path work = Path.of(System.getProperty("it.work", "target/it")).toAbsolutePath();
        Files.createDirectories(work);
        return work;
    }

    /** The management interface: health and (with --metrics-enabled) metrics. */
    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /** The database this server owns; null for a cluster node (the cluster owns it). */
    public Database database() {
        return database;
    }

    public Path log() {
        return log;
    }

    /** The server's Java process (kc.sh starts it as a child), for measurements. */
    public long javaPid() {
        return process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(process.pid());
    }

    /** The last lines of the server log, for a failure message. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or ran
        }
        if (database != null) {
            database.close();
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("exited with code " + process.exitValue());
                }
                try {
                    return http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notYet) {
                    return false; // port not open yet
                }
            });
        } catch (org.awaitility.core.ConditionTimeoutException notReady) {
            fail("Keycloak was not ready after " + START_TIMEOUT.toSeconds() + " s");
        } catch (IllegalStateException exited) {
            String tail = logTail(80);
            if (tail.contains("Address already in use")) {
                stopProcess();
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
                throw new PortTakenException("Keycloak " + exited.getMessage() + ": a port was taken; last lines of "
                        + log + ":\n" + tail);
            }
            fail("Keycloak " + exited.getMessage() + " while starting");
        }
    }

    /** Keycloak could not bind a port it was given; its database is left as it was, for another try. */
    static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }

    private void fail(String message) {
        String tail = logTail(80);
        close();
        throw new IllegalStateException(message + "; last lines of " + log + ":\n" + tail);
    }

    private void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // kc.sh forwards SIGTERM to the Java process
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Copies the jar only when it changed, so that Keycloak skips re-augmentation when it can. */
    static void installProvider(Path home) throws IOException {
        installProvider(home, Path.of(required("provider.jar")));
    }

    /** Puts {@code jar} into {@code home}'s providers/ as the extension's one file (replacing an earlier build). */
    static void installProvider(Path home, Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no provider jar at " + jar + ": run 'mvn package' first");
        }
        Path target = home.resolve("providers").resolve(PROVIDER_FILE);
        if (Files.exists(target) && Files.size(target) == Files.size(jar)
                && Files.getLastModifiedTime(target).equals(Files.getLastModifiedTime(jar))
                && java.util.Arrays.equals(Files.readAllBytes(target), Files.readAllBytes(jar))) {
            return;
        }
        Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    /**
     * A port nothing listens on, below the kernel's ephemeral range: a port from that range (what
     * {@code new ServerSocket(0)} gives) can be taken by any outgoing connection (a JDBC pool, an HTTP client) in the
     * seconds before Keycloak binds it, which once failed a CI run with "Address already in use".
     */
    public static int freePort() {
        int[] range = portsBelowEphemeral();
        int size = range[1] - range[0];
        int start = java.util.concurrent.ThreadLocalRandom.current().nextInt(size);
        for (int i = 0; i < size; i++) {
            int port = range[0] + (start + i) % size;
            if (HANDED_OUT.add(port) && canBind(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + range[0] + "-" + range[1]);
    }

    /** Ports this JVM handed out already, so that two servers started close together never get the same one. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Ports outside the kernel's ephemeral range (from which outgoing connections take theirs): below it where there
     * is room (12000 up to 100 below its start), else above its end. The range is read line by line: Java's
     * whole-file reads take a /proc file's reported size and saw only "3" of "32768 60999" on this project's machines.
     */
    private static int[] portsBelowEphemeral() {
        int low = 32768; // Linux's default ephemeral range
        int high = 60999;
        try {
            String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim()
                    .split("\\s+");
            low = Integer.parseInt(range[0]);
            high = Integer.parseInt(range[1]);
        } catch (IOException | RuntimeException notLinux) {
            // keep the default
        }
        int from = 12000;
        if (low - 100 - from >= 2000) {
            return new int[] {from, low - 100};
        }
        if (65000 - (high + 100) >= 2000) {
            return new int[] {high + 100, 65000};
        }
        return new int[] {from, 65000};
    }

    private static boolean canBind(int port) {
        try (ServerSocket any = new ServerSocket()) {
            any.setReuseAddress(true);
            any.bind(new java.net.InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (run the tests through Maven)");
        }
        return value;
    }
}
