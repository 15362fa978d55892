package io.orgcredentials.keycloak.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The extension's own version, as the build wrote it into the jar (the same number as the jar's name, its manifest
 * and the OpenAPI description): for the start-up line and Keycloak's server info, so that an operator can name the
 * version they run.
 */
public final class ExtensionVersion {

    static final String RESOURCE = "/META-INF/org-client-credentials/version.properties";

    private static final String CURRENT = read();

    private ExtensionVersion() {
    }

    public static String current() {
        return CURRENT;
    }

    private static String read() {
        try (InputStream in = ExtensionVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
