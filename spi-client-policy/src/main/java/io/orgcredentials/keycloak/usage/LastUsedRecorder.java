package io.orgcredentials.keycloak.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.orgcredentials.keycloak.credential.CredentialStore;
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
    private static volatile LastUsedRecorder running;

    private final KeycloakSessionFactory sessions;
    private final ThreadPoolExecutor writer;
    private final UseThrottle throttle = new UseThrottle();

    private LastUsedRecorder(KeycloakSessionFactory sessions) {
        this.sessions = sessions;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), task -> {
            Thread thread = new Thread(task, "org-client-credentials-last-used");
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.DiscardPolicy());
    }

    /** Starts this node's recorder (once, at server start). */
    public static void start(KeycloakSessionFactory sessions) {
        running = new LastUsedRecorder(sessions);
    }

    public static void stop() {
        LastUsedRecorder recorder = running;
        running = null;
        if (recorder != null) {
            recorder.writer.shutdown();
            try {
                recorder.writer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The credential with this client uuid got a token at {@code now}. Never blocks, never throws. */
    public static void used(String clientUuid, Instant now, Duration interval) {
        LastUsedRecorder recorder = running;
        if (recorder != null) {
            recorder.record(clientUuid, now, interval);
        }
    }

    /** The credential's client was removed: this node forgets its last use at once. */
    public static void forget(String clientUuid) {
        LastUsedRecorder recorder = running;
        if (recorder != null) {
            recorder.throttle.forget(clientUuid);
        }
    }

    void record(String clientUuid, Instant now, Duration interval) {
        if (!throttle.letThrough(clientUuid, now.getEpochSecond(), interval.getSeconds())) {
            return;
        }
        Instant staleBefore = now.minus(interval);
        writer.execute(() -> {
            try {
                KeycloakModelUtils.runJobInTransaction(sessions,
                        session -> new CredentialStore(session).recordUse(clientUuid, now, staleBefore));
            } catch (RuntimeException e) {
                LOG.debugf(e, "could not record the last use of client %s", clientUuid);
            }
        });
    }
}
