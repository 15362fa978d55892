package io.orgcredentials.keycloak.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A provider jar for a test, compiled from source against the Keycloak distribution it goes into (so that it fits
 * whichever version runs): the sources, by class name, and the service files naming the factories.
 */
public final class TestProviderJar {

    private TestProviderJar() {
    }

    /** Compiles {@code sources} against {@code home}'s libraries and writes the jar into its providers/. */
    public static Path install(Path home, String jarName, Map<String, String> sources, Map<String, String> services) {
        try {
            Path work = Files.createTempDirectory(KeycloakServer.workDirectory(), "provider-");
            Path src = work.resolve("src");
            Path classes = Files.createDirectories(work.resolve("classes"));
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", classpath(home),
                    "--release", "17", "-nowarn"));
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                args.add(file.toString());
            }
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            if (compiler.run(null, null, System.err, args.toArray(String[]::new)) != 0) {
                throw new AssertionError("the test provider does not compile against " + home);
            }
            Path jar = home.resolve("providers").resolve(jarName);
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out);
                 Stream<Path> compiled = Files.walk(classes)) {
                for (Path file : compiled.filter(Files::isRegularFile).toList()) {
                    entries.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                    entries.write(Files.readAllBytes(file));
                    entries.closeEntry();
                }
                for (Map.Entry<String, String> service : services.entrySet()) {
                    entries.putNextEntry(new JarEntry("META-INF/services/" + service.getKey()));
                    entries.write((service.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
                    entries.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String classpath(Path home) throws IOException {
        try (Stream<Path> jars = Files.list(home.resolve("lib/lib/main"))) {
            return String.join(java.io.File.pathSeparator, jars.map(Path::toString).toList());
        }
    }
}
