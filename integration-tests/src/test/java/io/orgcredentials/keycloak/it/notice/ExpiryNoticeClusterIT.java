package io.orgcredentials.keycloak.it.notice;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Database;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakCluster;
import io.orgcredentials.keycloak.it.support.KeycloakServer;
import io.orgcredentials.keycloak.it.support.TestRealm;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Expiry notices on two clustered nodes (PostgreSQL) with a real SMTP server: every notice, for every threshold a
 * credential crosses, reaches each recipient exactly once and is one admin event, although both nodes run the task
 * every few seconds. Recipients: the organization's credential managers and the organization's notice
 * address; a member who is no manager gets nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpiryNoticeClusterIT {

    private static final Duration INTERVAL = Duration.ofSeconds(2);

    private GreenMail smtp;
    private KeycloakCluster cluster;
    private KeycloakApi nodeA;
    private KeycloakApi nodeB;
    private TestRealm realm;

    @BeforeAll
    void start() {
        KeycloakCluster.requireServer(Database.Kind.POSTGRES);
        smtp = new GreenMail(new ServerSetup(KeycloakServer.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        cluster = KeycloakCluster.start(Database.Kind.POSTGRES, 2,
                List.of("--spi-org-client-credentials--default--expiry-notice-interval=" + INTERVAL));
        nodeA = new KeycloakApi(cluster.node(0));
        nodeB = new KeycloakApi(cluster.node(1));
        realm = TestRealm.createReady(nodeA, "notices");
        assertThat(cluster.node(1).logTail(2000)).containsPattern("ISPN000094: Received new cluster view .* \\(2\\)");
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void eachNoticeArrivesOnceAtEachRecipient() throws Exception {
        String name = realm.name();
        NoticeRealm.mailThrough(nodeA, name, smtp.getSmtp().getPort());
        String orgId = NoticeRealm.acmeWithManager(nodeA, name);
        String member = nodeA.createUser(name, "member", TestRealm.PASSWORD);
        nodeA.addMember(name, orgId, member);

        CredentialsApi credentials = new CredentialsApi(nodeA, name, realm::realmAdminToken);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        credentials.createOk(orgId, "in-ten-days", now.plus(Duration.ofDays(10)));
        credentials.createOk(orgId, "in-two-days", now.plus(Duration.ofDays(2)));
        Instant soon = now.plusSeconds(12);
        credentials.createOk(orgId, "in-seconds", soon);

        List<String> expected = new ArrayList<>();
        for (String to : List.of("manager@example.com", "ops@acme.test")) {
            expected.add(to + ": Client credential \"in-ten-days\" of acme expires in 30 days");
            expected.add(to + ": Client credential \"in-two-days\" of acme expires in 7 days");
            expected.add(to + ": Client credential \"in-seconds\" of acme expires in 1 day");
            expected.add(to + ": Client credential \"in-seconds\" of acme has expired");
        }
        // Every notice arrives once the last expiry passed; then, for several more periods on both nodes, nothing
        // comes twice.
        await().atMost(Duration.between(Instant.now(), soon).plus(INTERVAL.multipliedBy(10)))
                .until(() -> received().size() >= expected.size());
        await().during(INTERVAL.multipliedBy(6)).atMost(INTERVAL.multipliedBy(7))
                .until(() -> received().size() == expected.size());
        assertThat(received()).containsExactlyInAnyOrderElementsOf(expected);
        MimeMessage one = smtp.getReceivedMessages()[0];
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(one)).contains("acme").containsIgnoringCase(realm.name())
                .contains("Client ID: ").contains("create a new client credential");

        // One admin event per notice, whichever node asks.
        Map<String, Integer> events = new TreeMap<>();
        for (JsonNode event : nodeB.adminGet(name, "/admin-events?max=500").json()) {
            if (event.get("resourcePath").asText().endsWith("/expiry-notice")) {
                JsonNode representation = Http.JSON.readTree(event.get("representation").asText());
                events.merge(representation.get("name").asText() + "@" + representation.get("daysBeforeExpiry").asInt()
                        + " reached " + representation.get("recipientsReached").asInt(), 1, Integer::sum);
            }
        }
        assertThat(events).containsExactlyInAnyOrderEntriesOf(Map.of(
                "in-ten-days@30 reached 2", 1, "in-two-days@7 reached 2", 1,
                "in-seconds@1 reached 2", 1, "in-seconds@0 reached 2", 1));
    }

    private List<String> received() throws Exception {
        return NoticeRealm.received(smtp);
    }
}
