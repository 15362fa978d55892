package io.orgcredentials.keycloak.it.guard;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Database;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of hostile requests to the admin API and the JSON token endpoint: every one gets a 4xx with
 * error and error_description, none a 5xx, and afterwards the realm (and, on PostgreSQL/MariaDB, the tables)
 * are exactly as before.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {

    private final KeycloakApi api;
    private TestRealm realm;
    private String token;
    private String memberToken;
    private String orgId;
    private String clientId;
    private TestRealm otherRealm;
    private String foreignOrgId;
    private String foreignClientId;
    private String deletedOrgId;
    private String deletedClientId;

    HostileInputIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void createRealm() {
        realm = TestRealm.createReady(api, "hostile");
        token = realm.realmAdminToken();
        orgId = api.createOrganization(realm.name(), "acme");
        clientId = new CredentialsApi(api, realm.name(), () -> token).createOk(orgId, "existing", null)
                .get("clientId").asText();
        // A member of acme who may manage its credentials, for the members' API under the realm's public path.
        String memberId = api.createUser(realm.name(), "hostile-member", TestRealm.PASSWORD);
        api.addMember(realm.name(), orgId, memberId);
        api.nameManager(realm.name(), orgId, memberId);
        memberToken = api.portalToken(realm.name(), "hostile-member", TestRealm.PASSWORD);
        // Ids that exist, but elsewhere or no more: another realm's organization and credential, a deleted
        // organization, a deleted credential.
        otherRealm = TestRealm.createReady(api, "hostile-other");
        foreignOrgId = api.createOrganization(otherRealm.name(), "foreign");
        foreignClientId = new CredentialsApi(api, otherRealm.name(), otherRealm::realmAdminToken)
                .createOk(foreignOrgId, "foreign", null).get("clientId").asText();
        deletedOrgId = api.createOrganization(realm.name(), "deleted");
        KeycloakApi.expect(204, Http.delete(api.admin(realm.name(), "/organizations/" + deletedOrgId), api.adminToken()),
                "delete organization");
        CredentialsApi credentials = new CredentialsApi(api, realm.name(), () -> token);
        deletedClientId = credentials.createOk(orgId, "deleted", null).get("clientId").asText();
        KeycloakApi.expect(204, credentials.delete(orgId, deletedClientId), "delete credential");
    }

    @AfterAll
    void deleteRealm() {
        realm.close();
        otherRealm.close();
    }

    /** Security review row 3: ids of another realm, and deleted ones, are as unknown as any other: 404. */
    @Test
    void idsFromElsewhereOrDeletedAreNotFound() {
        CredentialsApi credentials = new CredentialsApi(api, realm.name(), () -> token);
        for (String org : List.of(foreignOrgId, deletedOrgId)) {
            for (Http.Result result : List.of(credentials.list(org, null), credentials.create(org, "x", null),
                    credentials.limit(org), credentials.get(org, clientId))) {
                assertThat(result.status()).as(org + ": " + result).isEqualTo(404);
                assertThat(result.json().get("error").asText()).isEqualTo("not_found");
            }
        }
        for (String client : List.of(foreignClientId, deletedClientId)) {
            for (Http.Result result : List.of(credentials.get(orgId, client), credentials.delete(orgId, client))) {
                assertThat(result.status()).as(client + ": " + result).isEqualTo(404);
                assertThat(result.json().get("error").asText()).isEqualTo("not_found");
            }
        }
        // As the master admin, who may manage both realms, too.
        Http.Result asMaster = Http.get(api.ext(realm.name(), "/organizations/" + foreignOrgId + "/clients"), api.adminToken());
        assertThat(asMaster.status()).as(asMaster.toString()).isEqualTo(404);
        assertThat(new CredentialsApi(api, otherRealm.name(), otherRealm::realmAdminToken).get(foreignOrgId,
                foreignClientId).status()).isEqualTo(200);
    }

    /** One hostile request; {@code keycloakAnswers}: refused by Keycloak's own request filter before the extension. */
    record Case(String what, String method, URI uri, String contentType, byte[] body, boolean keycloakAnswers) {
        Case(String what, String method, URI uri, String contentType, byte[] body) {
            this(what, method, uri, contentType, body, false);
        }
    }

    private List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        URI create = api.ext(realm.name(), "/organizations/" + orgId + "/clients");
        URI limit = api.ext(realm.name(), "/organizations/" + orgId + "/limit");
        URI jsonToken = api.uri("/realms/" + realm.name() + "/org-client-credentials/token");
        URI memberCreate = api.uri("/realms/" + realm.name() + "/org-client-credentials/organizations/" + orgId
                + "/clients");
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        List<String> hostileBodies = List.of(
                "{\"name\": " + deep + "}",
                deep,
                "{\"name\": \"" + "\\u0000".repeat(500) + "\"}",
                "{\"name\": 1e999999999}",
                "{\"name\": NaN}",
                "{'name': 'single quotes'}",
                "{\"name\": \"a\" /* comment */}",
                "\uFEFF{\"name\": \"bom\"}",
                "{\"name\": \"x\", \"expiresAt\": \"2027-02-30T00:00:00Z\"}",
                "{\"name\": \"x\", \"expiresAt\": \"2027-01-01T00:00:00+25:00\"}",
                "{\"name\": \"x\", \"expiresAt\": [\"2027-01-01T00:00:00Z\"]}",
                "{\"name\": \"<script>alert(1)</script>\", \"__proto__\": {}}",
                "{\"name\": \"${jndi:ldap://127.0.0.1/a}\", \"expiresAt\": \"${jndi:x}\"}",
                "{\"name\": \"\\uDBFF\\uDFFF\\uFFFF\"}",
                "{\"name\": \"x\"}{\"name\": \"y\"}",
                "{\"limit\": 9223372036854775808, \"name\": \"x\"}",
                "{\"name\": \"x\", \"name\": \"x\"}");
        for (String body : hostileBodies) {
            cases.add(new Case("create " + abbreviate(body), "POST", create, "application/json", utf8(body)));
            cases.add(new Case("limit " + abbreviate(body), "PUT", limit, "application/json", utf8(body)));
            cases.add(new Case("json token " + abbreviate(body), "POST", jsonToken, "application/json", utf8(body)));
            cases.add(new Case("member create " + abbreviate(body), "POST", memberCreate, "application/json",
                    utf8(body)));
            cases.add(new Case("rotate " + abbreviate(body), "POST", URI.create(create + "/" + clientId
                    + "/rotate-secret"), "application/json", utf8(body)));
        }
        for (String grace : List.of("\"P8D\"", "\"-PT1S\"", "\"PT1H\\u0000\"", "3600", "\"P1Y\"", "{}",
                "\"PT99999999999999999999H\"")) {
            cases.add(new Case("rotate with grace " + grace, "POST", URI.create(create + "/" + clientId
                    + "/rotate-secret"), "application/json", utf8("{\"previousSecretValidFor\": " + grace + "}")));
        }
        byte[] utf16 = "{\"name\": \"utf16\"}".getBytes(StandardCharsets.UTF_16);
        cases.add(new Case("create in UTF-16", "POST", create, "application/json", utf16));
        cases.add(new Case("create 1 MB", "POST", create, "application/json", utf8("{\"name\": \"" + "a".repeat(1 << 20) + "\"}")));
        cases.add(new Case("json token 1 MB", "POST", jsonToken, "application/json", utf8("{\"client_id\": \"" + "a".repeat(1 << 20) + "\"}")));
        cases.add(new Case("create as XML", "POST", create, "application/xml", utf8("<name>x</name>")));
        cases.add(new Case("create as multipart", "POST", create, "multipart/form-data; boundary=x", utf8("--x--")));
        cases.add(new Case("json token as text", "POST", jsonToken, "text/plain", utf8("{}")));
        cases.add(new Case("json token without body", "POST", jsonToken, "application/json", new byte[0]));
        cases.add(new Case("json token null fields", "POST", jsonToken, "application/json",
                utf8("{\"grant_type\": null, \"client_id\": null}")));
        cases.add(new Case("json token scope injection", "POST", jsonToken, "application/json",
                utf8("{\"grant_type\": \"client_credentials\", \"client_id\": \"" + clientId
                        + "\", \"client_secret\": \"x\", \"scope\": \"deployments\\r\\nX-Injected: 1\"}")));
        cases.add(new Case("json token unicode client", "POST", jsonToken, "application/json",
                utf8("{\"grant_type\": \"client_credentials\", \"client_id\": \"\u202E\u0000" + "é".repeat(3000)
                        + "\", \"client_secret\": \"x\"}")));
        for (String hostileId : List.of(foreignOrgId, foreignClientId, deletedOrgId, deletedClientId,
                "..%2F..%2F..%2Fetc%2Fpasswd", "%27%20OR%201%3D1%20--", "a".repeat(4000),
                "%E2%80%AE%00", "%F0%9F%9A%80", "%25", "null")) {
            cases.add(new Case("list for org " + abbreviate(hostileId), "GET",
                    URI.create(api.ext(realm.name(), "/organizations/").toString() + hostileId + "/clients"), null, null));
            cases.add(new Case("get client " + abbreviate(hostileId), "GET",
                    URI.create(create + "/" + hostileId), null, null));
            cases.add(new Case("delete client " + abbreviate(hostileId), "DELETE",
                    URI.create(create + "/" + hostileId), null, null));
            cases.add(new Case("rotate client " + abbreviate(hostileId), "POST",
                    URI.create(create + "/" + hostileId + "/rotate-secret"), null, null));
            cases.add(new Case("member get client " + abbreviate(hostileId), "GET",
                    URI.create(memberCreate + "/" + hostileId), null, null));
            cases.add(new Case("member list for org " + abbreviate(hostileId), "GET", URI.create(api.uri("/realms/"
                    + realm.name() + "/org-client-credentials/organizations/") + hostileId + "/clients"), null, null));
            cases.add(new Case("self-service page file " + abbreviate(hostileId), "GET", URI.create(api.uri("/realms/"
                    + realm.name() + "/org-client-credentials/portal/assets/") + hostileId), null, null));
            cases.add(new Case("create for org " + abbreviate(hostileId), "POST",
                    URI.create(api.ext(realm.name(), "/organizations/").toString() + hostileId + "/clients"),
                    "application/json", utf8("{\"name\": \"x\"}")));
        }
        for (String query : List.of("max=99999999999999999999", "first=1e3", "status=ACTIVE", "max=-5",
                "first=" + "9".repeat(400))) {
            cases.add(new Case("list ?" + abbreviate(query), "GET", URI.create(create + "?" + query), null, null));
        }
        cases.add(new Case("list ?status=NUL", "GET", URI.create(create + "?status="
                + URLEncoder.encode("\u0000", StandardCharsets.UTF_8)), null, null, true));
        return cases;
    }

    /**
     * One reported test per hostile request (each must get a 4xx with error and error_description, never a 5xx),
     * then one that the realm and the tables are exactly as before the corpus.
     */
    @TestFactory
    Stream<DynamicTest> everyHostileRequestGetsA4xxAndChangesNothing() throws Exception {
        String before = snapshot();
        Stream<DynamicTest> requests = corpus().stream().map(c -> DynamicTest.dynamicTest(c.what(), () -> answer(c)));
        DynamicTest unchanged = DynamicTest.dynamicTest("afterwards the realm and the tables are as before",
                () -> assertThat(snapshot()).isEqualTo(before));
        return Stream.concat(requests, Stream.of(unchanged));
    }

    private void answer(Case c) {
        boolean membersApi = c.uri().getPath().startsWith("/realms/" + realm.name() + "/org-client-credentials/organizations");
        HttpRequest.Builder request = Http.request(c.uri(), membersApi ? memberToken : token);
        HttpRequest.BodyPublisher body = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(c.body());
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        Http.Result result = Http.send(request.method(c.method(), body).build());
        assertThat(result.status()).as(abbreviate(result.body())).isBetween(400, 499);
        if (!c.keycloakAnswers() && (isOurs(c.uri()) && result.status() != 404 || result.body().startsWith("{"))) {
            var json = result.json();
            assertThat(json.path("error").asText()).as(abbreviate(result.body())).isNotBlank();
            assertThat(json.path("error_description").asText()).as(abbreviate(result.body())).isNotBlank();
        }
    }

    private boolean isOurs(URI uri) {
        return uri.getPath().contains("/org-client-credentials");
    }

    /** What the corpus must not change: clients, credentials, limit and (where reachable) the extension's rows. */
    private String snapshot() throws Exception {
        StringBuilder state = new StringBuilder();
        state.append(api.adminGet(realm.name(), "/clients?first=0&max=1000").json().size()).append(" clients; ");
        CredentialsApi credentials = new CredentialsApi(api, realm.name(), () -> token);
        state.append(credentials.list(orgId, null).body()).append("; ");
        state.append(credentials.limit(orgId).body()).append("; ");
        state.append(api.adminGet(realm.name(), "/organizations").json().size()).append(" organizations");
        Database db = api.server().database();
        if (db.isReachableFromTests()) {
            try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
                for (String table : List.of("OCC_CREDENTIAL", "OCC_ORGANIZATION_QUOTA", "CLIENT", "CLIENT_ATTRIBUTES", "USER_ENTITY")) {
                    try (ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
                        rows.next();
                        state.append("; ").append(table).append('=').append(rows.getLong(1));
                    }
                }
            }
        }
        return state.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 70 ? oneLine.substring(0, 70) + "…(" + oneLine.length() + ")" : oneLine;
    }
}
