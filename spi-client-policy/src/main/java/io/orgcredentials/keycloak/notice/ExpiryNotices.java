package io.orgcredentials.keycloak.notice;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.orgcredentials.keycloak.credential.CredentialStore;
import io.orgcredentials.keycloak.credential.OrgClientCredential;
import io.orgcredentials.keycloak.credential.OrgCredentialEntity;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * One run of the expiry notices, over every realm: for each credential that crossed a threshold since its last
 * notice, claim the notice (a conditional update of its row: one winner across the cluster), then tell the realm's
 * event listeners ({@link ExpiryNoticeEvent}) and e-mail the organization's recipients ({@link ExpiryNoticeMail}).
 */
public final class ExpiryNotices {

    static final int PAGE = 500;
    /** A credential that expired while no node ran (a server down) still gets its at-expiry notice this long after. */
    static final Duration LATE_AT_EXPIRY = Duration.ofDays(7);

    private final KeycloakSession session;
    private final CredentialSettings settings;
    private final CredentialStore store;

    public ExpiryNotices(KeycloakSession session, CredentialSettings settings) {
        this.session = session;
        this.settings = settings;
        this.store = new CredentialStore(session);
    }

    /** Sends what is due at {@code now}; how many notices went out. */
    public int sendDue(Instant now) {
        List<Integer> thresholds = settings.expiryNoticeDays();
        Instant horizon = now.plus(Duration.ofDays(thresholds.get(0)));
        int sent = 0;
        OrgCredentialEntity after = null;
        while (true) {
            List<OrgCredentialEntity> page = store.dueForNotice(horizon, now.minus(LATE_AT_EXPIRY), after, PAGE);
            for (OrgCredentialEntity row : page) {
                Optional<Integer> due = NoticeThreshold.due(thresholds, Instant.ofEpochSecond(row.getExpiresAt()), now,
                        row.getNoticeDays());
                if (due.isPresent() && send(row, due.get())) {
                    sent++;
                }
            }
            if (page.size() < PAGE) {
                return sent;
            }
            after = page.get(page.size() - 1);
        }
    }

    private boolean send(OrgCredentialEntity row, int days) {
        RealmModel realm = session.realms().getRealm(row.getRealmId());
        ClientModel client = realm == null ? null : realm.getClientById(row.getClientUuid());
        if (client == null) {
            return false;
        }
        session.getContext().setRealm(realm);
        OrganizationModel organization = organization(row.getOrganizationId());
        if (organization == null || !store.claimNotice(row.getClientUuid(), days)) {
            return false;
        }
        // With the client too, so that an export carries it and an imported credential is not notified again.
        OrgClientCredential.of(client).ifPresent(credential -> credential.recordNotice(days));
        ExpiryNotice notice = new ExpiryNotice(realm, organization, row.getClientId(), row.getName(),
                Instant.ofEpochSecond(row.getExpiresAt()), days);
        int mailed = new ExpiryNoticeMail(session, settings).send(notice);
        ExpiryNoticeEvent.emit(session, notice, mailed);
        return true;
    }

    private OrganizationModel organization(String organizationId) {
        try {
            return session.getProvider(OrganizationProvider.class).getById(organizationId);
        } catch (ModelException ofAnotherRealm) {
            return null;
        }
    }

    /** What a notice says: which credential, of which organization, expires when, and how many days ahead. */
    public record ExpiryNotice(RealmModel realm, OrganizationModel organization, String clientId, String name,
                               Instant expiresAt, int daysBeforeExpiry) {
    }
}
