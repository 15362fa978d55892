package io.orgcredentials.keycloak.it.notice;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Database;
import io.orgcredentials.keycloak.it.support.FlakySmtp;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakHome;
import io.orgcredentials.keycloak.it.support.KeycloakServer;
import io.orgcredentials.keycloak.it.support.TestProviderJar;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Security review 3, rows a and c: expiry notices when things fail after the claim. The realm has an event listener
 * that throws on every expiry notice (a test provider, compiled against the running Keycloak), and an SMTP server
 * that refuses the first connection, later every one. Each notice is still mailed exactly once to each recipient (a
 * refused mail is tried again), the listener's failure costs nothing but its own event, a mail that fails every
 * attempt is counted and logged and never sent again, and a manager whose address is not verified gets nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpiryNoticeFaultsIT {

    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final String LISTENER = "throwing-on-notices";

    private GreenMail smtp;
    private FlakySmtp flaky;
    private KeycloakHome home;
    private Database database;
    private KeycloakServer server;
    private KeycloakApi api;
    private TestRealm realm;

    @BeforeAll
    void start() {
        smtp = new GreenMail(new ServerSetup(KeycloakServer.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        flaky = new FlakySmtp(smtp.getSmtp().getPort());
        home = KeycloakHome.copy("notice-faults");
        TestProviderJar.install(home.path(), "throwing-listener.jar", Map.of("faulty.ThrowingListenerFactory", """
                package faulty;

                import org.keycloak.Config;
                import org.keycloak.events.Event;
                import org.keycloak.events.EventListenerProvider;
                import org.keycloak.events.EventListenerProviderFactory;
                import org.keycloak.events.admin.AdminEvent;
                import org.keycloak.models.KeycloakSession;
                import org.keycloak.models.KeycloakSessionFactory;

                public final class ThrowingListenerFactory implements EventListenerProviderFactory {
                    public EventListenerProvider create(KeycloakSession session) {
                        return new EventListenerProvider() {
                            public void onEvent(Event event) {
                            }

                            public void onEvent(AdminEvent event, boolean includeRepresentation) {
                                if (event.getResourcePath() != null && event.getResourcePath().endsWith("/expiry-notice")) {
                                    throw new IllegalStateException("test listener fails on expiry notices");
                                }
                            }

                            public void close() {
                            }
                        };
                    }

                    public void init(Config.Scope config) {
                    }

                    public void postInit(KeycloakSessionFactory factory) {
                    }

                    public void close() {
                    }

                    public String getId() {
                        return "%s";
                    }
                }
                """.formatted(LISTENER)), Map.of("org.keycloak.events.EventListenerProviderFactory",
                "faulty.ThrowingListenerFactory"));
        database = Database.create(Database.configuredKind());
        server = home.start(database, "--spi-org-client-credentials--default--expiry-notice-interval=" + INTERVAL);
        api = new KeycloakApi(server);
        realm = TestRealm.createReady(api, "notice-faults");
    }

    @AfterAll
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[]{server, database, home, flaky}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // the others still close
            }
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void everyNoticeIsMailedOnceAtEachVerifiedAddressWhateverFailsAfterItsClaim() throws Exception {
        String name = realm.name();
        NoticeRealm.mailThrough(api, name, flaky.port(), "jboss-logging", LISTENER);
        String orgId = NoticeRealm.acmeWithManager(api, name);
        // A manager who typed somebody else's address into their profile: it is not verified, so it gets nothing.
        String typedIn = api.createUser(name, "typed-in", TestRealm.PASSWORD);
        ObjectNode unverified = (ObjectNode) api.adminGet(name, "/users/" + typedIn).json();
        unverified.put("email", "victim@elsewhere.test").put("emailVerified", false);
        KeycloakApi.expect(204, Http.putJson(api.admin(name, "/users/" + typedIn), api.adminToken(), unverified),
                "unverified address");
        api.addMember(name, orgId, typedIn);
        api.nameManager(name, orgId, typedIn);

        // The first mail is refused: it is tried again.
        flaky.failNext(1);
        CredentialsApi credentials = new CredentialsApi(api, name, realm::realmAdminToken);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        credentials.createOk(orgId, "in-ten-days", now.plus(Duration.ofDays(10)));
        credentials.createOk(orgId, "in-two-days", now.plus(Duration.ofDays(2)));
        List<String> expected = List.of(
                "manager@example.com: Client credential \"in-ten-days\" of acme expires in 30 days",
                "ops@acme.test: Client credential \"in-ten-days\" of acme expires in 30 days",
                "manager@example.com: Client credential \"in-two-days\" of acme expires in 7 days",
                "ops@acme.test: Client credential \"in-two-days\" of acme expires in 7 days");
        await().atMost(Duration.ofSeconds(60)).until(() -> received().size() >= expected.size());
        // Several more periods: the throwing listener must not have undone a claim.
        await().during(INTERVAL.multipliedBy(4)).atMost(INTERVAL.multipliedBy(5))
                .until(() -> received().size() == expected.size());
        assertThat(received()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(flaky.refused()).as("the one refused connection").isEqualTo(1);
        assertThat(server.logTail(5000)).contains("an event listener failed on the expiry notice of client credential")
                .doesNotContain("after 3 attempts");

        // Now the mail server refuses everything: each recipient is tried three times, counted once, never again.
        flaky.refuseAll(true);
        credentials.createOk(orgId, "in-three-days", now.plus(Duration.ofDays(3)));
        await().atMost(Duration.ofSeconds(60)).until(() -> failedMails(name) >= 2);
        await().during(INTERVAL.multipliedBy(4)).atMost(INTERVAL.multipliedBy(5)).until(() -> failedMails(name) == 2);
        assertThat(failedMails(name)).as("failed mails, one per recipient").isEqualTo(2);
        assertThat(flaky.refused()).as("three attempts per recipient").isEqualTo(1 + 2 * 3);
        assertThat(server.logTail(5000)).contains("could not e-mail the expiry notice of client credential")
                .contains("after 3 attempts");
        flaky.refuseAll(false);
        await().during(INTERVAL.multipliedBy(4)).atMost(INTERVAL.multipliedBy(5))
                .until(() -> received().size() == expected.size());
        assertThat(received()).as("a claimed notice is not sent again").containsExactlyInAnyOrderElementsOf(expected);
    }

    private List<String> received() throws Exception {
        return NoticeRealm.received(smtp);
    }

    private double failedMails(String realmName) {
        String metrics = Http.get(server.managementUri("/metrics"), null).body();
        Matcher sample = Pattern.compile("org_client_credentials_notice_mails_failed_total\\{[^}]*realm=\""
                + Pattern.quote(realmName) + "\"[^}]*} ([0-9.E+-]+)").matcher(metrics);
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
    }
}
