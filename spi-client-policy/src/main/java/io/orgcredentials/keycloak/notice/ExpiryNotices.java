package io.orgcredentials.keycloak.notice;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.orgcredentials.keycloak.credential.Credential;
import io.orgcredentials.keycloak.credential.CredentialEntry;
import io.orgcredentials.keycloak.credential.CredentialProvider;
import io.orgcredentials.keycloak.metrics.CredentialMetrics;
import io.orgcredentials.keycloak.organization.Organizations;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * One run of the expiry notices, over every realm. Each notice on its own: its claim (a conditional update of the
 * credential's row: one winner across the cluster, recorded on the client too) is committed first, then the mail
 * goes out ({@link ExpiryNoticeMail}, retried a few times), then the realm's event listeners hear of it
 * ({@link ExpiryNoticeEvent}). So a notice is mailed once: nothing that fails afterwards (a mail server, a listener,
 * an event store) can undo the claim and have the notice mailed again at the next run, and a failure touches only
 * its own notice.
 */
public final class ExpiryNotices {

    static final int PAGE = 500;
    /** A credential that expired while no node ran (a server down) still gets its at-expiry notice this long after. */
    static final Duration LATE_AT_EXPIRY = Duration.ofDays(7);
    private static final Logger LOG = Logger.getLogger(ExpiryNotices.class);

    private final KeycloakSessionFactory sessions;
    private final CredentialSettings settings;
    private final CredentialMetrics metrics;

    public ExpiryNotices(KeycloakSessionFactory sessions, CredentialSettings settings, CredentialMetrics metrics) {
        this.sessions = sessions;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** Sends what is due at {@code now}; how many notices went out. */
    public int sendDue(Instant now) {
        List<Integer> thresholds = settings.expiryNoticeDays();
        Instant horizon = now.plus(Duration.ofDays(thresholds.get(0)));
        int sent = 0;
        CredentialEntry after = null;
        while (true) {
            CredentialEntry from = after;
            List<CredentialEntry> page = KeycloakModelUtils.runJobInTransactionWithResult(sessions,
                    session -> session.getProvider(CredentialProvider.class).dueForNotice(horizon,
                            now.minus(LATE_AT_EXPIRY), from, PAGE));
            for (CredentialEntry entry : page) {
                Optional<Integer> due = NoticeThreshold.due(thresholds, entry.expiresAt(), now, entry.noticeDays());
                if (due.isPresent() && send(entry, due.get())) {
                    sent++;
                }
            }
            if (page.size() < PAGE) {
                return sent;
            }
            after = page.get(page.size() - 1);
        }
    }

    private boolean send(CredentialEntry row, int days) {
        boolean claimed;
        try {
            claimed = KeycloakModelUtils.runJobInTransactionWithResult(sessions, session -> claim(session, row, days));
        } catch (RuntimeException e) {
            LOG.errorf(e, "org-client-credentials: could not claim the expiry notice of client credential %s; it is "
                    + "tried again at the next run", row.clientId());
            return false;
        }
        if (!claimed) {
            return false;
        }
        int mailed = 0;
        try {
            mailed = KeycloakModelUtils.runJobInTransactionWithResult(sessions, session -> notice(session, row, days)
                    .map(notice -> new ExpiryNoticeMail(session, settings, metrics).send(notice)).orElse(0));
        } catch (RuntimeException e) {
            LOG.errorf(e, "org-client-credentials: the expiry notice of client credential %s was not mailed",
                    row.clientId());
        }
        int reached = mailed;
        try {
            KeycloakModelUtils.runJobInTransaction(sessions, session -> notice(session, row, days)
                    .ifPresent(notice -> ExpiryNoticeEvent.emit(session, notice, reached)));
        } catch (RuntimeException e) {
            LOG.errorf(e, "org-client-credentials: an event listener failed on the expiry notice of client credential "
                    + "%s; the notice was claimed and mailed, and is not sent again", row.clientId());
        }
        return true;
    }

    /** Claims the notice and records it with the client, so that an export carries it; whether this node won. */
    private static boolean claim(KeycloakSession session, CredentialEntry row, int days) {
        Optional<ClientModel> client = client(session, row);
        if (client.isEmpty() || Organizations.byId(session, row.organizationId()) == null
                || !session.getProvider(CredentialProvider.class).claimNotice(row.clientUuid(), days)) {
            return false;
        }
        Credential.of(client.get()).ifPresent(credential -> credential.recordNotice(days));
        return true;
    }

    private static Optional<ExpiryNotice> notice(KeycloakSession session, CredentialEntry row, int days) {
        RealmModel realm = session.realms().getRealm(row.realmId());
        if (realm == null) {
            return Optional.empty();
        }
        session.getContext().setRealm(realm);
        OrganizationModel organization = Organizations.byId(session, row.organizationId());
        return organization == null ? Optional.empty() : Optional.of(new ExpiryNotice(realm, organization,
                row.clientId(), row.name(), row.expiresAt(), days));
    }

    private static Optional<ClientModel> client(KeycloakSession session, CredentialEntry row) {
        RealmModel realm = session.realms().getRealm(row.realmId());
        if (realm == null) {
            return Optional.empty();
        }
        session.getContext().setRealm(realm);
        return Optional.ofNullable(realm.getClientById(row.clientUuid()));
    }

    /** What a notice says: which credential, of which organization, expires when, and how many days ahead. */
    public record ExpiryNotice(RealmModel realm, OrganizationModel organization, String clientId, String name,
                               Instant expiresAt, int daysBeforeExpiry) {
    }
}
