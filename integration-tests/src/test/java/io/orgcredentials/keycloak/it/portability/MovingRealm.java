package io.orgcredentials.keycloak.it.portability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWTClaimsSet;
import io.orgcredentials.keycloak.it.support.ClientKeys;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Database;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.TokenVerifier;

import static io.orgcredentials.keycloak.it.support.KeycloakApi.clientCredentials;
import static io.orgcredentials.keycloak.it.support.KeycloakApi.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A realm with credentials in the states an operator has them in, built on one server and checked on another after
 * its database moved: two organizations, one with its own limit (reached), a credential in its rotation grace, one
 * whose first expiry notice went out, credentials under two hash keys (the realm's key was rotated), one that
 * authenticates with a public key, and a person who manages one organization and is a plain member of the other.
 */
final class MovingRealm {

    private static final String LEAD_PASSWORD = "acme-lead-password";

    /** The notice task runs this often on the servers of these tests. */
    static final Duration NOTICE_INTERVAL = Duration.ofSeconds(2);
    static final String NOTICE_OPTION = "--spi-org-client-credentials--default--expiry-notice-interval="
            + NOTICE_INTERVAL;

    /** A credential as it was handed out: its id, name, organization alias and every secret that must work. */
    record Issued(String clientId, String name, String organization, List<String> secrets) {
    }

    final String realm;
    String acmeId;
    String globexId;
    String firstKeyId;
    String secondKeyId;
    String acmeLeadId;
    final Map<String, Issued> issued = new LinkedHashMap<>();
    /** globex's credential with a public key: its client id and the key that signs its assertions. */
    String keyClientId;
    final ClientKeys globexKey = ClientKeys.ec(Curve.P_256);
    JsonNode acmeBefore;
    JsonNode globexBefore;

    private MovingRealm(String realm) {
        this.realm = realm;
    }

    static MovingRealm build(KeycloakApi api, String realm) {
        MovingRealm moving = new MovingRealm(realm);
        moving.create(api);
        return moving;
    }

    private void create(KeycloakApi api) {
        api.createRealm(realm);
        expect(204, Http.putJson(api.admin(realm, ""), api.adminToken(),
                Http.object().put("adminEventsEnabled", true).put("adminEventsDetailsEnabled", true)), "admin events");
        api.setup(realm);
        acmeId = api.createOrganization(realm, "acme");
        globexId = api.createOrganization(realm, "globex");
        CredentialsApi admin = admin(api);
        firstKeyId = keyIds(api).get(0);

        issue(admin, acmeId, "acme", "ci", null);
        JsonNode deploy = issue(admin, acmeId, "acme", "deploy", null);
        // Rotated, with the previous secret in its grace: both must keep working after the move.
        JsonNode rotated = expect(201, admin.rotate(acmeId, deploy.get("clientId").asText(),
                Http.object().put("previousSecretValidFor", "PT2H")), "rotate").json();
        issued.put("deploy", new Issued(deploy.get("clientId").asText(), "deploy", "acme",
                List.of(rotated.get("clientSecret").asText(), deploy.get("clientSecret").asText())));
        issue(admin, acmeId, "acme", "soon", Instant.now().plus(Duration.ofDays(10)));
        expect(200, admin.setLimit(acmeId, Http.object().put("limit", 4)), "acme's own limit");
        // acme's credential manager, who is a plain member of globex.
        acmeLeadId = api.createUser(realm, "acme-lead", LEAD_PASSWORD);
        api.addMember(realm, acmeId, acmeLeadId);
        api.addMember(realm, globexId, acmeLeadId);
        api.nameManager(realm, acmeId, acmeLeadId);

        // The realm's key rotated: what was hashed before keeps its key, what comes after gets the new one.
        secondKeyId = expect(201, Http.postJson(api.ext(realm, "/hash-keys"), api.adminToken(), ""), "new hash key")
                .json().get("kid").asText();
        issue(admin, acmeId, "acme", "after-key-rotation", null);
        issue(admin, globexId, "globex", "globex-ci", null);
        keyClientId = expect(201, admin.createWithKey(globexId, "globex-key", globexKey.jwksField()),
                "a credential with a public key").json().get("clientId").asText();

        // The 30-day notice of "soon" goes out here, once; after the move it must not go out again.
        await("the expiry notice of 'soon' at the source").atMost(Duration.ofSeconds(90))
                .until(() -> noticeEvents(api, issued.get("soon").clientId()) == 1);
        acmeBefore = admin.list(acmeId, null).json();
        globexBefore = admin.list(globexId, null).json();
        assertThat(acmeBefore).hasSize(4);
    }

    private JsonNode issue(CredentialsApi admin, String orgId, String alias, String name, Instant expiresAt) {
        JsonNode created = admin.createOk(orgId, name, expiresAt);
        issued.put(name, new Issued(created.get("clientId").asText(), name, alias,
                List.of(created.get("clientSecret").asText())));
        return created;
    }

    CredentialsApi admin(KeycloakApi api) {
        return new CredentialsApi(api, realm, api::adminToken);
    }

    /** Everything the realm had, on the server its database moved to. */
    void assertMovedTo(KeycloakApi api, Database database, Instant movedAt) throws Exception {
        TokenVerifier verifier = TokenVerifier.forRealm(api, realm);
        for (Issued credential : issued.values()) {
            for (String secret : credential.secrets()) {
                Http.Result token = Http.postForm(api.tokenEndpoint(realm), clientCredentials(null),
                        new String[]{credential.clientId(), secret});
                assertThat(token.status()).as(credential.name() + ": " + token).isEqualTo(200);
                JWTClaimsSet claims = verifier.verify(token.json().get("access_token").asText());
                assertThat(claims.getStringClaim("azp")).isEqualTo(credential.clientId());
                assertThat(claims.getStringListClaim("organization")).containsExactly(credential.organization());
            }
        }
        Http.Result keyToken = Http.postForm(api.tokenEndpoint(realm), ClientKeys.assertionForm(
                globexKey.assertion(keyClientId, api.tokenEndpoint(realm).toString()), null), null);
        assertThat(keyToken.status()).as("globex-key: " + keyToken).isEqualTo(200);
        assertThat(verifier.verify(keyToken.json().get("access_token").asText()).getStringListClaim("organization"))
                .containsExactly("globex");
        CredentialsApi admin = admin(api);
        assertSameListing(admin.list(acmeId, null).json(), acmeBefore);
        assertSameListing(admin.list(globexId, null).json(), globexBefore);
        JsonNode limit = expect(200, admin.limit(acmeId), "limit").json();
        assertThat(limit.get("limit").asInt()).isEqualTo(4);
        assertThat(limit.get("used").asInt()).isEqualTo(4);
        Http.Result fifth = admin.create(acmeId, "fifth", null);
        assertThat(fifth.status()).as(fifth.toString()).isEqualTo(409);
        assertThat(fifth.json().get("error").asText()).isEqualTo("limit_reached");

        Map<String, Integer> usage = new LinkedHashMap<>();
        Http.get(api.ext(realm, "/hash-keys"), api.adminToken()).json()
                .forEach(key -> usage.put(key.get("kid").asText(), key.get("credentials").asInt()));
        assertThat(usage).containsOnlyKeys(firstKeyId, secondKeyId);
        assertThat(usage.get(firstKeyId)).isEqualTo(3);
        assertThat(usage.get(secondKeyId)).as("two with secrets, one with a public key").isEqualTo(3);
        assertThat(api.setup(realm).get("ready").asBoolean()).isTrue();

        // acme's manager moved with it, and manages acme only.
        assertThat(admin.managers(acmeId).json().findValuesAsText("id")).containsExactly(acmeLeadId);
        assertThat(admin.managers(globexId).json()).isEmpty();
        JsonNode leadsOrganizations = CredentialsApi.members(api, realm,
                () -> api.portalToken(realm, "acme-lead", LEAD_PASSWORD)).organizations().json();
        assertThat(leadsOrganizations.findValuesAsText("alias")).containsExactly("acme", "globex");
        assertThat(leadsOrganizations.get(0).get("manage").asBoolean()).as("acme").isTrue();
        assertThat(leadsOrganizations.get(1).get("manage").asBoolean()).as("globex").isFalse();

        // The notice that went out before the move is not sent again: two runs of the task later, no notice event.
        Instant afterTwoRuns = movedAt.plus(NOTICE_INTERVAL.multipliedBy(2));
        await("two runs of the notice task").atMost(Duration.ofSeconds(60))
                .until(() -> lastNoticeRun(database).isAfter(afterTwoRuns));
        assertThat(noticeEvents(api, issued.get("soon").clientId())).isZero();
        assertThat(noticeDays(database, issued.get("soon").clientId())).isEqualTo(30);
    }

    /** The same credentials with the same ids, names, dates and status (last use is not moved: it is a statistic). */
    private static void assertSameListing(JsonNode after, JsonNode before) {
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            ObjectNode expected = ((ObjectNode) before.get(i).deepCopy());
            ObjectNode actual = ((ObjectNode) after.get(i).deepCopy());
            for (ObjectNode node : List.of(expected, actual)) {
                node.remove(List.of("lastUsedAt", "tokenEndpoint"));
            }
            assertThat(actual).isEqualTo(expected);
        }
    }

    List<String> keyIds(KeycloakApi api) {
        List<String> ids = new ArrayList<>();
        Http.get(api.ext(realm, "/hash-keys"), api.adminToken()).json().forEach(key -> ids.add(key.get("kid").asText()));
        return ids;
    }

    int noticeEvents(KeycloakApi api, String clientId) {
        JsonNode events = expect(200, api.adminGet(realm, "/admin-events?operationTypes=ACTION&max=1000"),
                "admin events").json();
        int count = 0;
        for (JsonNode event : events) {
            String path = event.path("resourcePath").asText();
            if (path.contains(clientId) && path.endsWith("expiry-notice")) {
                count++;
            }
        }
        return count;
    }

    private static Instant lastNoticeRun(Database database) throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement query = connection.prepareStatement(
                     "select LAST_RUN from OCC_SCHEDULED_RUN where TASK_NAME = 'org-client-credentials-expiry-notices'");
             ResultSet row = query.executeQuery()) {
            return row.next() ? Instant.ofEpochSecond(row.getLong(1)) : Instant.EPOCH;
        }
    }

    private static int noticeDays(Database database, String clientId) throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement query = connection.prepareStatement(
                     "select NOTICE_DAYS from OCC_CREDENTIAL where CLIENT_ID = ?")) {
            query.setString(1, clientId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getInt(1) : -1;
            }
        }
    }
}
