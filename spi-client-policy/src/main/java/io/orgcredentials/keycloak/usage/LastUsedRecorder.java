package io.orgcredentials.keycloak.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.orgcredentials.keycloak.credential.CredentialProvider;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Keeps each credential's last-used time, off the token request's path: the request only looks at this node's
 * memory, and at most once per credential and interval hands a conditional update to one background writer. The
 * update itself writes only when no node wrote within the interval, so the database sees at most one write per
 * credential and interval across the cluster. A full queue drops the record (the next token after the interval
 * records again) rather than making a token request wait.
 */
public final class LastUsedRecorder {

    private static final Logger LOG = Logger.getLogger(LastUsedRecorder.class);
    private static final int QUEUE = 10_000;
    private final KeycloakSessionFactory sessions;
    private final ThreadPoolExecutor writer;
    private final UseThrottle throttle = new UseThrottle();

    /** This node's recorder: one, made and stopped by the credential domain's factory. */
    public LastUsedRecorder(KeycloakSessionFactory sessions) {
        this.sessions = sessions;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), task -> {
            Thread thread = new Thread(task, "org-client-credentials-last-used");
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.DiscardPolicy());
    }

    /** Writes what is queued (for up to five seconds) and stops; later uses are not recorded. */
    public void stop() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The credential's client was removed: this node forgets its last use at once. */
    public void forget(String clientUuid) {
        throttle.forget(clientUuid);
    }

    /** The credential with this client uuid got a token at {@code now}. Never blocks, never throws. */
    public void used(String clientUuid, Instant now, Duration interval) {
        if (!throttle.letThrough(clientUuid, now.getEpochSecond(), interval.getSeconds())) {
            return;
        }
        Instant staleBefore = now.minus(interval);
        writer.execute(() -> {
            try {
                KeycloakModelUtils.runJobInTransaction(sessions,
                        session -> session.getProvider(CredentialProvider.class).recordUse(clientUuid, now, staleBefore));
            } catch (RuntimeException e) {
                LOG.debugf(e, "could not record the last use of client %s", clientUuid);
            }
        });
    }
}
