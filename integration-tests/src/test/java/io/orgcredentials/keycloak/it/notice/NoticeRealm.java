package io.orgcredentials.keycloak.it.notice;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.TestRealm;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

/** What the notice tests share: a realm that mails through a test SMTP server, and organization acme's recipients. */
final class NoticeRealm {

    private NoticeRealm() {
    }

    /** Admin events saved, mail through 127.0.0.1:{@code smtpPort}, and these event listeners (none: as they are). */
    static void mailThrough(KeycloakApi api, String realm, int smtpPort, String... listeners) {
        ObjectNode json = Http.object().put("adminEventsEnabled", true).put("adminEventsDetailsEnabled", true);
        json.putObject("smtpServer").put("host", "127.0.0.1").put("port", Integer.toString(smtpPort))
                .put("from", "keycloak@example.test");
        if (listeners.length > 0) {
            ArrayNode names = json.putArray("eventsListeners");
            List.of(listeners).forEach(names::add);
        }
        KeycloakApi.expect(204, Http.putJson(api.admin(realm, ""), api.adminToken(), json), "realm smtp");
    }

    /** Organization acme with the notice address ops@acme.test and a credential manager "manager"; acme's id. */
    static String acmeWithManager(KeycloakApi api, String realm) {
        String orgId = api.createOrganization(realm, "acme");
        ObjectNode organization = (ObjectNode) api.adminGet(realm, "/organizations/" + orgId).json();
        organization.putObject("attributes").putArray("org-client-credentials-notice-email").add("ops@acme.test");
        KeycloakApi.expect(204, Http.putJson(api.admin(realm, "/organizations/" + orgId), api.adminToken(),
                organization), "notice address");
        String manager = api.createUser(realm, "manager", TestRealm.PASSWORD);
        api.addMember(realm, orgId, manager);
        api.nameManager(realm, orgId, manager);
        return orgId;
    }

    /** Each mail received, as "recipient: subject". */
    static List<String> received(GreenMail smtp) throws Exception {
        List<String> received = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            for (var to : message.getRecipients(Message.RecipientType.TO)) {
                received.add(to.toString() + ": " + message.getSubject());
            }
        }
        return received;
    }
}
