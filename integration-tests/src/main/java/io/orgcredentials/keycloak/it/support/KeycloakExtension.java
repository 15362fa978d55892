package io.orgcredentials.keycloak.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One Keycloak for all integration test classes of a run: started by the first class that needs it, kept in
 * the root store, stopped (and its database dropped) when the run ends, on failure too.
 * Test classes take a {@link KeycloakApi} as a constructor, lifecycle or test method parameter.
 */
public class KeycloakExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        api(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == KeycloakApi.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension)
            throws ParameterResolutionException {
        return api(extension);
    }

    private static KeycloakApi api(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(RunningServer.class, key -> new RunningServer(KeycloakServer.start()),
                        RunningServer.class)
                .api();
    }

    /** The server, closed by JUnit when the root context closes. */
    record RunningServer(KeycloakServer server, KeycloakApi api) implements ExtensionContext.Store.CloseableResource {

        RunningServer(KeycloakServer server) {
            this(server, new KeycloakApi(server));
            // One line in the test output saying what the suite runs against (CI runs it on several versions).
            JsonNode info = KeycloakApi.expect(200, Http.get(api.uri("/admin/serverinfo"), api.adminToken()),
                    "server info").json().get("systemInfo");
            System.out.println("Integration tests run against Keycloak " + info.get("version").asText() + " on Java "
                    + info.get("javaVersion").asText() + " (" + info.get("javaVendor").asText() + "), database "
                    + Database.configuredKind());
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
