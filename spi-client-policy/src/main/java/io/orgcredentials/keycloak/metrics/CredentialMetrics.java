package io.orgcredentials.keycloak.metrics;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Where the extension reports what it does to Keycloak's metrics endpoint ({@link MicrometerMeters} says which
 * meters). Keycloak ships Micrometer; should a server not, this class is the only one that knows, turns metrics off
 * and says so once, and nothing else of the extension changes.
 */
public final class CredentialMetrics {

    private static final Logger LOG = Logger.getLogger(CredentialMetrics.class);
    private static final boolean AVAILABLE = micrometerPresent();

    /** Null where Micrometer is missing: then nothing is counted. */
    private final MicrometerMeters meters;

    /** This node's meters, one per server, made and stopped by the credential domain's factory. */
    public CredentialMetrics() {
        this.meters = AVAILABLE ? new MicrometerMeters() : null;
    }

    /** Starts counting the credentials of every realm on this node. */
    public void start(KeycloakSessionFactory sessions) {
        if (meters != null) {
            meters.start(sessions);
        } else {
            LOG.warn("org-client-credentials: Micrometer is not on this server's class path; the extension's metrics "
                    + "are off");
        }
    }

    public void stop() {
        if (meters != null) {
            meters.stop();
        }
    }

    /** A credential got a token. Counting never fails a token request. */
    public void tokenIssued(RealmModel realm) {
        if (meters != null) {
            count(() -> meters.tokenIssued(realm));
        }
    }

    /** A credential's token request was refused; {@code reason} is the login event's reason, from a fixed set. */
    public void tokenRefused(RealmModel realm, String reason) {
        if (meters != null) {
            count(() -> meters.tokenRefused(realm, reason));
        }
    }

    /** An expiry-notice e-mail to one recipient failed every attempt. */
    public void noticeMailFailed(RealmModel realm) {
        if (meters != null) {
            count(() -> meters.noticeMailFailed(realm));
        }
    }

    private static void count(Runnable increment) {
        try {
            increment.run();
        } catch (RuntimeException e) {
            LOG.debugf(e, "org-client-credentials: a meter could not be updated");
        }
    }

    private static boolean micrometerPresent() {
        try {
            Class.forName("io.micrometer.core.instrument.Metrics", false, CredentialMetrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
