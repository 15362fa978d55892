package io.orgcredentials.keycloak.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.orgcredentials.keycloak.credential.CredentialClock;
import io.orgcredentials.keycloak.credential.CredentialProvider;
import io.orgcredentials.keycloak.credential.CredentialStatus;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The extension's meters in Micrometer's global registry (used only through {@link CredentialMetrics}), which Keycloak's metrics endpoint (management port,
 * {@code --metrics-enabled=true}) serves; with metrics off the registry keeps nothing. Labels are the realm name, the
 * credential status and the refusal reason, all from small fixed sets: never a credential or an organization.
 *
 * <ul>
 *   <li>{@code org_client_credentials_tokens_issued_total{realm}}</li>
 *   <li>{@code org_client_credentials_tokens_refused_total{realm,reason}}: the login event's reason</li>
 *   <li>{@code org_client_credentials_notice_mails_failed_total{realm}}: expiry-notice e-mails that could not be
 *       sent to a recipient after every attempt</li>
 *   <li>{@code org_client_credentials_credentials{realm,status}}: active and expired, from the index, refreshed
 *       every {@value #REFRESH_SECONDS} seconds on each node</li>
 * </ul>
 */
final class MicrometerMeters {

    static final String TOKENS_ISSUED = "org.client.credentials.tokens.issued";
    static final String TOKENS_REFUSED = "org.client.credentials.tokens.refused";
    static final String CREDENTIALS = "org.client.credentials.credentials";
    static final String NOTICE_MAILS_FAILED = "org.client.credentials.notice.mails.failed";
    static final long REFRESH_SECONDS = 10;

    private static final Logger LOG = Logger.getLogger(MicrometerMeters.class);
    /** Issued-token counters by realm name: the token path looks one up per token, without building a key. */
    private final ConcurrentMap<String, Counter> issued = new ConcurrentHashMap<>();
    /** Refusal counters by realm name and reason (refusals are rare; a composite key is fine here). */
    private final ConcurrentMap<String, Counter> refused = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> credentialCounts = new ConcurrentHashMap<>();
    private ScheduledExecutorService refresher;

    /** Starts counting credentials on this node (once, at server start). */
    synchronized void start(KeycloakSessionFactory sessions) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "org-client-credentials-metrics");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> refresh(sessions), 5, REFRESH_SECONDS, TimeUnit.SECONDS);
        refresher = executor;
    }

    synchronized void stop() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
    }

    void tokenIssued(RealmModel realm) {
        issued.computeIfAbsent(realmLabel(realm), label -> Counter.builder(TOKENS_ISSUED).tag("realm", label)
                .register(Metrics.globalRegistry)).increment();
    }

    void tokenRefused(RealmModel realm, String reason) {
        String realmLabel = realmLabel(realm);
        String reasonLabel = reason == null ? "unknown" : reason;
        refused.computeIfAbsent(realmLabel + '\0' + reasonLabel, key -> Counter.builder(TOKENS_REFUSED)
                .tag("realm", realmLabel).tag("reason", reasonLabel).register(Metrics.globalRegistry)).increment();
    }

    void noticeMailFailed(RealmModel realm) {
        Counter.builder(NOTICE_MAILS_FAILED).tag("realm", realmLabel(realm)).register(Metrics.globalRegistry)
                .increment();
    }

    private static String realmLabel(RealmModel realm) {
        return realm == null || realm.getName() == null ? "unknown" : realm.getName();
    }

    void refresh(KeycloakSessionFactory sessions) {
        try {
            Map<String, Long> fresh = new HashMap<>();
            KeycloakModelUtils.runJobInTransaction(sessions, session -> {
                CredentialProvider credentials = session.getProvider(CredentialProvider.class);
                for (CredentialStatus status : List.of(CredentialStatus.ACTIVE, CredentialStatus.EXPIRED)) {
                    credentials.countPerRealm(status, CredentialClock.now()).forEach((realmId, count) -> {
                        RealmModel realm = session.realms().getRealm(realmId);
                        if (realm != null) {
                            fresh.put(realm.getName() + '\0' + status.value(), count);
                        }
                    });
                }
            });
            credentialCounts.forEach((key, value) -> value.set(fresh.getOrDefault(key, 0L)));
            fresh.forEach((key, count) -> credentialCounts.computeIfAbsent(key, MicrometerMeters::gauge).set(count));
        } catch (RuntimeException e) {
            LOG.debugf(e, "could not count client credentials for the metrics");
        }
    }

    private static AtomicLong gauge(String key) {
        String[] realmAndStatus = key.split("\0", 2);
        AtomicLong value = new AtomicLong();
        Gauge.builder(CREDENTIALS, value, AtomicLong::get)
                .description("Organization client credentials by status")
                .tag("realm", realmAndStatus[0])
                .tag("status", realmAndStatus[1])
                .register(Metrics.globalRegistry);
        return value;
    }
}
