package io.orgcredentials.keycloak.credential.jpa;

import com.google.auto.service.AutoService;
import io.orgcredentials.keycloak.cleanup.CredentialCleanup;
import io.orgcredentials.keycloak.clientpolicy.GuardPolicy;
import io.orgcredentials.keycloak.compat.ServerCompatibility;
import io.orgcredentials.keycloak.credential.CredentialProvider;
import io.orgcredentials.keycloak.credential.CredentialProviderFactory;
import io.orgcredentials.keycloak.metrics.CredentialMetrics;
import io.orgcredentials.keycloak.notice.ExpiryNoticeTask;
import io.orgcredentials.keycloak.usage.LastUsedRecorder;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderEventListener;

/**
 * The credential domain's factory, and the owner of everything the extension runs on a node beside requests: it
 * tells the operator at start-up whether the extension runs on this Keycloak, and only where it does, it registers
 * the listeners that keep the extension's rows in step with Keycloak's removals and imports ({@link CredentialCleanup},
 * {@link RealmStateListener}), starts the last-used writer, the metrics refresher and the expiry-notice timer, and
 * holds the guard policy's cache. {@link #close()} stops them.
 */
@AutoService(CredentialProviderFactory.class)
public final class JpaCredentialProviderFactory implements CredentialProviderFactory {

    static final String ID = "jpa";

    private final CredentialMetrics metrics = new CredentialMetrics();
    private final GuardPolicy guardPolicy = new GuardPolicy();
    private final ProviderEventListener cleanup = CredentialCleanup::onEvent;
    private final ProviderEventListener realmState = RealmStateListener::onEvent;
    private KeycloakSessionFactory sessions;
    private LastUsedRecorder lastUse;

    @Override
    public CredentialProvider create(KeycloakSession session) {
        return new JpaCredentialProvider(session, lastUse, metrics, guardPolicy);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        sessions = factory;
        // Its writer thread starts with the first recorded use: none where the extension is disabled.
        lastUse = new LastUsedRecorder(factory);
        ServerCompatibility server = ServerCompatibility.current();
        server.logOnce();
        if (!server.isEnabled()) {
            // On a server the extension does not support, nothing of it runs inside Keycloak's own work.
            return;
        }
        factory.register(cleanup);
        factory.register(realmState);
        metrics.start(factory);
        ExpiryNoticeTask.schedule(factory, metrics);
    }

    @Override
    public void close() {
        if (sessions != null) {
            sessions.unregister(cleanup);
            sessions.unregister(realmState);
        }
        if (lastUse != null) {
            lastUse.stop();
        }
        metrics.stop();
    }

    @Override
    public String getId() {
        return ID;
    }
}
