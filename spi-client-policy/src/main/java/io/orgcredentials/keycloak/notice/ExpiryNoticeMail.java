package io.orgcredentials.keycloak.notice;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.orgcredentials.keycloak.manager.OrganizationManagers;
import io.orgcredentials.keycloak.metrics.CredentialMetrics;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;
import org.keycloak.storage.adapter.AbstractInMemoryUserAdapter;

/**
 * E-mails an expiry notice through Keycloak's own e-mail sender, with the realm's SMTP settings and the template
 * {@value #TEMPLATE} (this extension's {@code theme-resources}, so any e-mail theme can override it). Recipients, by
 * the {@code expiry-notice-recipients} option: the organization's enabled credential managers, at verified
 * addresses only, and the addresses an admin put in the organization attribute {@value CredentialSettings#NOTICE_EMAIL_ATTRIBUTE}; each address once.
 */
final class ExpiryNoticeMail {

    static final String TEMPLATE = "org-client-credential-expiry.ftl";
    static final String SUBJECT_EXPIRING = "orgClientCredentialExpiringSubject";
    static final String SUBJECT_EXPIRED = "orgClientCredentialExpiredSubject";
    /** Tries per recipient, and the pause before the second (the third waits twice as long). */
    static final int ATTEMPTS = 3;
    static final long RETRY_PAUSE_MILLIS = 500;
    private static final Logger LOG = Logger.getLogger(ExpiryNoticeMail.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final KeycloakSession session;
    private final CredentialSettings settings;
    private final CredentialMetrics metrics;

    ExpiryNoticeMail(KeycloakSession session, CredentialSettings settings, CredentialMetrics metrics) {
        this.session = session;
        this.settings = settings;
        this.metrics = metrics;
    }

    /**
     * Sends the notice to every recipient; how many it reached. A recipient whose mail fails is tried again, up to
     * {@value #ATTEMPTS} times in all; then the failure is logged and counted (metric
     * {@code org_client_credentials_notice_mails_failed_total}), and the other recipients are not held up.
     */
    int send(ExpiryNotices.ExpiryNotice notice) {
        int reached = 0;
        for (UserModel recipient : recipients(notice).values()) {
            if (sendWithRetries(notice, recipient)) {
                reached++;
            } else {
                metrics.noticeMailFailed(notice.realm());
            }
        }
        return reached;
    }

    private boolean sendWithRetries(ExpiryNotices.ExpiryNotice notice, UserModel recipient) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                session.getProvider(EmailTemplateProvider.class)
                        .setRealm(notice.realm())
                        .setUser(recipient)
                        .setAttribute(IGNORE_ACCEPT_LANGUAGE, "true")
                        .send(notice.daysBeforeExpiry() == 0 ? SUBJECT_EXPIRED : SUBJECT_EXPIRING,
                                List.of(notice.name(), notice.organization().getAlias(), notice.daysBeforeExpiry()),
                                TEMPLATE, attributes(notice));
                return true;
            } catch (EmailException | RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    LOG.warnf("org-client-credentials: could not e-mail the expiry notice of client credential %s in "
                            + "realm %s to a recipient after %d attempts: %s", notice.clientId(),
                            notice.realm().getName(), ATTEMPTS, e.getMessage());
                } else if (!pause(attempt)) {
                    return false;
                }
            }
        }
        return false;
    }

    /** A mail server that refused one message may take the next a moment later; false when interrupted. */
    private static boolean pause(int attempt) {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS * attempt);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A background task has no request whose Accept-Language could choose the language: the user's or the realm's. */
    private static final String IGNORE_ACCEPT_LANGUAGE = "IGNORE_ACCEPT_LANGUAGE_HEADER";

    private static Map<String, Object> attributes(ExpiryNotices.ExpiryNotice notice) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(IGNORE_ACCEPT_LANGUAGE, "true");
        attributes.put("credentialName", notice.name());
        attributes.put("clientId", notice.clientId());
        attributes.put("organization", notice.organization().getAlias());
        attributes.put("expiresAt", DATE.format(notice.expiresAt()));
        attributes.put("daysBeforeExpiry", notice.daysBeforeExpiry());
        attributes.put("expired", notice.daysBeforeExpiry() == 0);
        return attributes;
    }

    /** By lower-cased address, so that a manager whose address is also in the attribute gets one e-mail. */
    private Map<String, UserModel> recipients(ExpiryNotices.ExpiryNotice notice) {
        Map<String, UserModel> recipients = new LinkedHashMap<>();
        if (settings.expiryNoticeRecipients().contains(CredentialSettings.RECIPIENTS_MANAGERS)) {
            // Only a verified address: a manager can type anyone's address into their profile, and the server
            // would then mail that person, with a credential name the manager chose in the subject.
            new OrganizationManagers(session, notice.realm()).managers(notice.organization())
                    .filter(manager -> manager.isEnabled() && manager.isEmailVerified() && manager.getEmail() != null)
                    .forEach(manager -> recipients.putIfAbsent(manager.getEmail().toLowerCase(Locale.ROOT), manager));
        }
        if (settings.expiryNoticeRecipients().contains(CredentialSettings.RECIPIENTS_ORGANIZATION_EMAIL)) {
            List<String> addresses = notice.organization().getAttributes()
                    .getOrDefault(CredentialSettings.NOTICE_EMAIL_ATTRIBUTE, List.of());
            for (String address : addresses) {
                String trimmed = address == null ? "" : address.trim();
                if (trimmed.contains("@")) {
                    recipients.putIfAbsent(trimmed.toLowerCase(Locale.ROOT),
                            new NoticeAddress(session, notice, trimmed));
                }
            }
        }
        return recipients;
    }

    /** An address that is no user of the realm, in the shape Keycloak's e-mail sender takes. */
    static final class NoticeAddress extends AbstractInMemoryUserAdapter {

        NoticeAddress(KeycloakSession session, ExpiryNotices.ExpiryNotice notice, String address) {
            super(session, notice.realm(), "org-client-credentials-notice");
            setUsername(address);
            setEmail(address);
            setEnabled(true);
            setReadonly(true);
        }

        /** An address has no credentials; Keycloak's e-mail sender never asks. */
        @Override
        public SubjectCredentialManager credentialManager() {
            throw new UnsupportedOperationException("an expiry-notice address has no credentials");
        }
    }
}
