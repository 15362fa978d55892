package io.orgcredentials.keycloak.it.permissions;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.KeycloakVersion;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what, on both paths: every caller (row) against every endpoint (column) of the admin API and of the
 * members' API, for organization X. Each cell is the exact status; a call answered 2xx where the matrix says no is
 * reported as an unexpected allow. The delegated-admin rows run where Keycloak has organization permissions (26.7).
 * The matrix is printed with the test's output.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT {

    enum Endpoint {
        ADMIN_LIST("admin list"), ADMIN_GET("admin get"), ADMIN_CREATE("admin create"), ADMIN_DELETE("admin delete"),
        ADMIN_LIMIT_GET("admin limit"), ADMIN_LIMIT_PUT("admin limit put"), ADMIN_SETUP_GET("admin setup"),
        ADMIN_SETUP_POST("admin setup post"),
        MEMBER_ORGANIZATIONS("member orgs"), MEMBER_LIST("member list"), MEMBER_GET("member get"),
        MEMBER_CREATE("member create"), MEMBER_DELETE("member delete"), MEMBER_LIMIT_GET("member limit"),
        MEMBER_LIMIT_PUT("member limit put"), ADMIN_ROTATE("admin rotate"), MEMBER_ROTATE("member rotate"),
        ADMIN_MANAGERS("admin managers"), ADMIN_MANAGER_PUT("admin manager put"),
        ADMIN_MANAGER_DELETE("admin manager delete"), MEMBER_MANAGERS("member managers"),
        MEMBER_MANAGER_PUT("member manager put"), MEMBER_MANAGER_DELETE("member manager delete");

        final String label;

        Endpoint(String label) {
            this.label = label;
        }
    }

    /** One row: who calls, with which token, and the status each endpoint must answer. */
    record Row(String caller, Supplier<String> token, Map<Endpoint, Integer> expected) {
    }

    private final KeycloakApi api;
    private TestRealm realm;
    private TestRealm otherRealm;
    private String orgX;
    private String kept;

    AuthorizationMatrixIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void createRealm() {
        realm = TestRealm.createReady(api, "matrix");
        otherRealm = TestRealm.create(api, "matrix-other");
        orgX = api.createOrganization(realm.name(), "x-org");
        String orgY = api.createOrganization(realm.name(), "y-org");
        CredentialsApi asAdmin = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
        KeycloakApi.expect(200, asAdmin.setLimit(orgX, Http.object().put("limit", 100)), "limit");
        kept = asAdmin.createOk(orgX, "kept", null).get("clientId").asText();

        member("x-manager-member", true, orgX);
        member("x-member", false, orgX);
        member("y-manager-member", true, orgY);
        // One person in two organizations (a consultant): named a manager in one, a plain member of the other.
        member("y-manager-x-member", true, orgY);
        api.addMember(realm.name(), orgX, userId("y-manager-x-member"));
        member("x-manager-y-member", true, orgX);
        api.addMember(realm.name(), orgY, userId("x-manager-y-member"));
        // The realm role that granted the right before 0.6 grants nothing now.
        ObjectNode legacyRole = Http.object().put("name", "org-client-credentials-manager");
        KeycloakApi.expect(201, Http.postJson(api.admin(realm.name(), "/roles"), api.adminToken(), legacyRole),
                "the realm role of earlier versions");
        member("x-member-with-legacy-role", false, orgX);
        api.grantRealmRole(realm.name(), userId("x-member-with-legacy-role"), "org-client-credentials-manager");
        member("outsider", false, null);
        if (KeycloakVersion.hasOrganizationRoles()) {
            api.createDelegatedAdmin(realm.name(), "x-delegated-manager", TestRealm.PASSWORD, orgX, "view", "manage");
            api.createDelegatedAdmin(realm.name(), "x-delegated-viewer", TestRealm.PASSWORD, orgX, "view");
            api.createDelegatedAdmin(realm.name(), "y-delegated-manager", TestRealm.PASSWORD, orgY, "view", "manage");
        }
    }

    /** A user with no admin role, a member of the organization (or of none), named its manager or not. */
    private void member(String username, boolean manager, String orgId) {
        String userId = api.createUser(realm.name(), username, TestRealm.PASSWORD);
        if (orgId != null) {
            api.addMember(realm.name(), orgId, userId);
            if (manager) {
                api.nameManager(realm.name(), orgId, userId);
            }
        }
    }

    private String userId(String username) {
        return api.adminGet(realm.name(), "/users?exact=true&username=" + username).json().get(0).get("id").asText();
    }

    @AfterAll
    void deleteRealms() {
        realm.close();
        otherRealm.close();
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        Map<Endpoint, Integer> realmAdmin = statuses(200, 200, 201, 204, 200, 200, 200, 200, 401, 401, 401, 401, 401,
                401, 401, 201, 401, 200, 204, 204, 401, 401, 401);
        rows.add(new Row("realm admin", realm::realmAdminToken, realmAdmin));
        rows.add(new Row("realm admin of another realm", otherRealm::realmAdminToken,
                statuses(403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 401, 401, 401, 401, 401, 403, 401,
                        403, 403, 403, 401, 401, 401)));
        rows.add(new Row("master admin", api::adminToken, realmAdmin));
        if (KeycloakVersion.hasOrganizationRoles()) {
            rows.add(new Row("delegated manage on X", user("x-delegated-manager"),
                    statuses(200, 200, 201, 204, 200, 403, 403, 403, 401, 401, 401, 401, 401, 401, 401, 201, 401,
                            200, 204, 204, 401, 401, 401)));
            int reads = viewerReadsOrganization();
            rows.add(new Row("delegated view on X", user("x-delegated-viewer"),
                    statuses(reads, reads, 403, 403, reads, 403, 403, 403, 401, 401, 401, 401, 401, 401, 401, 403, 401,
                            reads, 403, 403, 401, 401, 401)));
            rows.add(new Row("delegated manage on Y", user("y-delegated-manager"),
                    statuses(403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 401, 401, 401, 401, 401, 403, 401,
                            403, 403, 403, 401, 401, 401)));
        }
        Map<Endpoint, Integer> managerOfX = statuses(403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 201, 204,
                200, 403, 403, 201, 403, 403, 403, 200, 403, 403);
        Map<Endpoint, Integer> plainMemberOfX = statuses(403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 403,
                403, 200, 403, 403, 403, 403, 403, 403, 200, 403, 403);
        Map<Endpoint, Integer> notInX = statuses(403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403,
                403, 403, 403, 403, 403, 403, 403, 403, 403);
        rows.add(new Row("manager of X", portal("x-manager-member"), managerOfX));
        rows.add(new Row("manager of X, plain member of Y", portal("x-manager-y-member"), managerOfX));
        rows.add(new Row("plain member of X", portal("x-member"), plainMemberOfX));
        rows.add(new Row("manager of Y, plain member of X", portal("y-manager-x-member"), plainMemberOfX));
        rows.add(new Row("member of X with the realm role of 0.5", portal("x-member-with-legacy-role"),
                plainMemberOfX));
        rows.add(new Row("manager of Y", portal("y-manager-member"), notInX));
        rows.add(new Row("user in no organization", portal("outsider"), notInX));
        Map<Endpoint, Integer> unauthenticated = statuses(401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401,
                401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401);
        rows.add(new Row("a credential's own token", this::credentialToken, unauthenticated));
        rows.add(new Row("no token", () -> null, unauthenticated));
        return rows;
    }

    private static Map<Endpoint, Integer> statuses(int... byEndpoint) {
        Map<Endpoint, Integer> statuses = new EnumMap<>(Endpoint.class);
        for (Endpoint endpoint : Endpoint.values()) {
            statuses.put(endpoint, byEndpoint[endpoint.ordinal()]);
        }
        return statuses;
    }

    /** A 'view' permission on X reads X, as Keycloak's own organization endpoint shows first. */
    private int viewerReadsOrganization() {
        int status = Http.get(api.admin(realm.name(), "/organizations/" + orgX),
                api.userToken(realm.name(), "x-delegated-viewer", TestRealm.PASSWORD)).status();
        assertThat(status).as("Keycloak's own answer to a view-only admin").isEqualTo(200);
        return status;
    }

    private Supplier<String> user(String username) {
        return () -> api.userToken(realm.name(), username, TestRealm.PASSWORD);
    }

    private Supplier<String> portal(String username) {
        return () -> api.portalToken(realm.name(), username, TestRealm.PASSWORD);
    }

    private String credentialToken() {
        var created = new CredentialsApi(api, realm.name(), realm::realmAdminToken).createOk(orgX, "own-token",
                null);
        Http.Result token = Http.postForm(api.tokenEndpoint(realm.name()), KeycloakApi.clientCredentials(null),
                new String[]{created.get("clientId").asText(), created.get("clientSecret").asText()});
        return KeycloakApi.expect(200, token, "credential token").json().get("access_token").asText();
    }

    @Test
    void everyCallerGetsExactlyTheMatrixAnswerOnEveryEndpoint() {
        Map<String, Map<Endpoint, Integer>> actual = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        List<String> unexpectedAllows = new ArrayList<>();
        int cell = 0;
        for (Row row : rows()) {
            String token = row.token().get();
            Map<Endpoint, Integer> answers = new EnumMap<>(Endpoint.class);
            for (Endpoint endpoint : Endpoint.values()) {
                Http.Result result = call(endpoint, token, "cell-" + cell++);
                answers.put(endpoint, result.status());
                int expected = row.expected().get(endpoint);
                if (result.status() != expected) {
                    wrong.add(row.caller() + " × " + endpoint.label + ": expected " + expected + ", got " + result);
                    if (result.status() < 300 && expected >= 400) {
                        unexpectedAllows.add(row.caller() + " × " + endpoint.label);
                    }
                }
            }
            actual.put(row.caller(), answers);
        }
        System.out.println(render(actual, unexpectedAllows));
        assertThat(unexpectedAllows).as("calls allowed that the matrix denies").isEmpty();
        assertThat(wrong).as("cells that differ from the matrix").isEmpty();
    }

    private Http.Result call(Endpoint endpoint, String token, String name) {
        CredentialsApi admin = new CredentialsApi(api, realm.name(), () -> token);
        CredentialsApi members = CredentialsApi.members(api, realm.name(), () -> token);
        return switch (endpoint) {
            case ADMIN_LIST -> admin.list(orgX, null);
            case ADMIN_GET -> admin.get(orgX, kept);
            case ADMIN_CREATE -> admin.create(orgX, name, null);
            case ADMIN_DELETE -> admin.delete(orgX, victim(name));
            case ADMIN_LIMIT_GET -> admin.limit(orgX);
            case ADMIN_LIMIT_PUT -> admin.setLimit(orgX, Http.object().put("limit", 100));
            case ADMIN_SETUP_GET -> Http.get(api.ext(realm.name(), "/setup"), token);
            case ADMIN_SETUP_POST -> Http.postJson(api.ext(realm.name(), "/setup"), token, "");
            case MEMBER_ORGANIZATIONS -> members.organizations();
            case MEMBER_LIST -> members.list(orgX, null);
            case MEMBER_GET -> members.get(orgX, kept);
            case MEMBER_CREATE -> members.create(orgX, name, null);
            case MEMBER_DELETE -> members.delete(orgX, victim(name));
            case MEMBER_LIMIT_GET -> members.limit(orgX);
            case MEMBER_LIMIT_PUT -> members.setLimit(orgX, Http.object().put("limit", 100));
            // Rotating the kept credential: nobody uses its secret, and every cell asks about one that exists.
            case ADMIN_ROTATE -> admin.rotate(orgX, kept, null);
            case MEMBER_ROTATE -> members.rotate(orgX, kept, null);
            // A fresh member of X for each cell that names or removes one, so that every cell asks the same question.
            case ADMIN_MANAGERS -> admin.managers(orgX);
            case ADMIN_MANAGER_PUT -> admin.addManager(orgX, candidate(name, false));
            case ADMIN_MANAGER_DELETE -> admin.removeManager(orgX, candidate(name, true));
            case MEMBER_MANAGERS -> members.managers(orgX);
            case MEMBER_MANAGER_PUT -> members.addManager(orgX, candidate(name, false));
            case MEMBER_MANAGER_DELETE -> members.removeManager(orgX, candidate(name, true));
        };
    }

    /** A new member of X, already named a manager or not. */
    private String candidate(String name, boolean named) {
        String userId = api.createUser(realm.name(), name + "-candidate", TestRealm.PASSWORD);
        api.addMember(realm.name(), orgX, userId);
        if (named) {
            api.nameManager(realm.name(), orgX, userId);
        }
        return userId;
    }

    /** A fresh credential of X for one delete cell, so that every cell asks about a credential that exists. */
    private String victim(String name) {
        return new CredentialsApi(api, realm.name(), realm::realmAdminToken).createOk(orgX, name + "-victim", null)
                .get("clientId").asText();
    }

    private static String render(Map<String, Map<Endpoint, Integer>> actual, List<String> unexpectedAllows) {
        StringBuilder table = new StringBuilder("\nAuthorization matrix on Keycloak " + KeycloakVersion.current()
                + " (organization X; status per endpoint):\n| caller |");
        for (Endpoint endpoint : Endpoint.values()) {
            table.append(' ').append(endpoint.label).append(" |");
        }
        table.append("\n|---|").append("---|".repeat(Endpoint.values().length)).append('\n');
        actual.forEach((caller, answers) -> {
            table.append("| ").append(caller).append(" |");
            answers.values().forEach(status -> table.append(' ').append(status).append(" |"));
            table.append('\n');
        });
        table.append("Unexpected allows: ").append(unexpectedAllows.size()).append('\n');
        return table.toString();
    }
}
