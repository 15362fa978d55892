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

/**
 * A private copy of a Keycloak distribution with one build of the extension, as an operator has it: for the tests
 * that run {@code kc.sh export} and {@code kc.sh import}, move a database between versions or builds, and keep an
 * embedded H2 database in its {@code data/} folder. The shared development-mode server is never touched.
 */
public final class KeycloakHome implements AutoCloseable {

    private static final long COMMAND_MINUTES = 6;

    private final Path home;

    private KeycloakHome(Path home) {
        this.home = home;
    }

    /** A fresh copy of the distribution under test with the jar under test. */
    public static KeycloakHome copy(String name) {
        return copy(Path.of(KeycloakServer.required("keycloak.home")), name, Path.of(KeycloakServer.required("provider.jar")));
    }

    /** A fresh copy of {@code distribution} with {@code jar} in its providers/. */
    public static KeycloakHome copy(Path distribution, String name, Path jar) {
        try {
            Path home = KeycloakServer.workDirectory().resolve("homes").resolve(name);
            delete(home);
            Files.createDirectories(home.getParent());
            run(List.of("cp", "-a", distribution.toString(), home.toString()), null,
                    home.getParent().resolve(name + "-copy.log"), false);
            KeycloakHome copy = new KeycloakHome(home);
            copy.useJar(jar);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the extension's jar (an upgrade of the extension in place). */
    public void useJar(Path jar) {
        try {
            KeycloakServer.installProvider(home, jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keycloak in development mode on {@code database}, which the caller keeps (several servers may use it in turn). */
    public KeycloakServer start(Database database, String... extraOptions) {
        return KeycloakServer.startDev(home, database, List.of(extraOptions), null, false);
    }

    /** {@code kc.sh export ...} on {@code database}; waits for it to end. */
    public void export(Database database, String... options) {
        command("export", database, true, options);
    }

    /**
     * {@code kc.sh import ...} into an empty {@code database} of realms other than master: the import creates the
     * master realm, with the test's admin.
     */
    public void importFrom(Database database, String... options) {
        command("import", database, true, options);
    }

    /** {@code kc.sh import ...} of an export that holds the master realm too (and with it its admin). */
    public void importWithMaster(Database database, String... options) {
        command("import", database, false, options);
    }

    private void command(String command, Database database, boolean bootstrapAdmin, String... options) {
        List<String> args = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), command));
        args.addAll(database.keycloakOptions());
        args.addAll(List.of(options));
        try {
            Path log = KeycloakServer.workDirectory().resolve(home.getFileName() + "-" + command + "-"
                    + System.currentTimeMillis() + ".log");
            run(args, home, log, bootstrapAdmin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return home;
    }

    @Override
    public void close() {
        try {
            delete(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(List<String> command, Path home, Path log, boolean bootstrapAdmin) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (bootstrapAdmin) {
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakServer.ADMIN_USER);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD);
        }
        String javaHome = System.getProperty("it.java.home", "");
        if (home != null && !javaHome.isBlank()) {
            builder.environment().put("JAVA_HOME", javaHome);
        }
        Process process = builder.start();
        try {
            if (!process.waitFor(COMMAND_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end in " + COMMAND_MINUTES
                        + " minutes; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
        if (process.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                    + "; last lines of " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
        }
    }

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
