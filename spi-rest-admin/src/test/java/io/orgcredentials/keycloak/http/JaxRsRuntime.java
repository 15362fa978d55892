package io.orgcredentials.keycloak.http;

import jakarta.ws.rs.ext.RuntimeDelegate;
import org.glassfish.jersey.internal.RuntimeDelegateImpl;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JAX-RS runtime for tests that build Keycloak's ErrorResponseException (which holds a Response): the one on the
 * compile classpath, Quarkus REST's client half, refuses to build server responses outside Quarkus.
 */
public final class JaxRsRuntime implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        RuntimeDelegate.setInstance(new RuntimeDelegateImpl());
    }
}
