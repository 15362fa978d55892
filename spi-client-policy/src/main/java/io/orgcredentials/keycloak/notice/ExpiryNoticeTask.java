package io.orgcredentials.keycloak.notice;

import java.time.Instant;

import io.orgcredentials.keycloak.credential.CredentialClock;
import io.orgcredentials.keycloak.credential.CredentialProvider;
import io.orgcredentials.keycloak.metrics.CredentialMetrics;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.scheduled.ScheduledTaskRunner;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

/**
 * Looks for credentials to give expiry notice of, every {@code expiry-notice-interval}, on one node of the cluster
 * per period: each node's timer fires, and the first to win the task's row in the database ({@link
 * the task's scheduled run) in a period runs it; the others find the period taken. Each notice is besides claimed by a
 * conditional update of its credential's row ({@link ExpiryNotices}), so it goes out once even if runs met.
 */
public final class ExpiryNoticeTask implements ScheduledTask {

    static final String NAME = "org-client-credentials-expiry-notices";
    private static final Logger LOG = Logger.getLogger(ExpiryNoticeTask.class);

    private final int intervalSeconds;
    private final CredentialMetrics metrics;

    private ExpiryNoticeTask(int intervalSeconds, CredentialMetrics metrics) {
        this.intervalSeconds = intervalSeconds;
        this.metrics = metrics;
    }

    /** Schedules the task on this node, unless the options turn notices off. */
    public static void schedule(KeycloakSessionFactory sessions, CredentialMetrics metrics) {
        try (KeycloakSession session = sessions.create()) {
            CredentialSettings settings = CredentialSettings.of(session);
            if (!settings.sendsExpiryNotices()) {
                LOG.info("org-client-credentials: expiry notices are off (expiry-notice-days=none)");
                return;
            }
            long intervalMillis = settings.expiryNoticeInterval().toMillis();
            ExpiryNoticeTask task = new ExpiryNoticeTask(
                    (int) Math.max(1, settings.expiryNoticeInterval().getSeconds()), metrics);
            session.getProvider(TimerProvider.class)
                    .schedule(new ScheduledTaskRunner(sessions, task), intervalMillis, NAME);
        }
    }

    @Override
    public void run(KeycloakSession session) {
        Instant now = CredentialClock.now();
        // A second of slack, so that timer jitter does not make a node skip its period.
        Instant dueBefore = now.minusSeconds(Math.max(0, intervalSeconds - 1));
        // The period's claim commits at once, so that a long run (many notices, a slow mail server) never holds it
        // in an open transaction; each notice then runs in transactions of its own (ExpiryNotices).
        KeycloakSessionFactory sessions = session.getKeycloakSessionFactory();
        boolean claimed = KeycloakModelUtils.runJobInTransactionWithResult(sessions, claiming -> claiming
                .getProvider(CredentialProvider.class).claimScheduledRun(NAME, now, dueBefore));
        if (!claimed) {
            return; // another node runs this period
        }
        int sent = new ExpiryNotices(sessions, CredentialSettings.of(session), metrics).sendDue(now);
        LOG.debugf("org-client-credentials: expiry notice run, %d notice(s) sent", sent);
    }

    @Override
    public String getTaskName() {
        return NAME;
    }
}
