package io.orgcredentials.keycloak.it.support;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.orgcredentials.keycloak.it.support.Http.form;

/** Keycloak's own REST APIs as the tests use them: tokens, realms, users, organizations. */
public final class KeycloakApi {

    private final KeycloakServer server;
    private String adminToken;
    private long adminTokenExpiresAt;

    public KeycloakApi(KeycloakServer server) {
        this.server = server;
    }

    public KeycloakServer server() {
        return server;
    }

    public URI uri(String path) {
        return server.baseUri().resolve(path);
    }

    /** A master-realm admin token, fetched again shortly before it expires. */
    public synchronized String adminToken() {
        if (adminToken == null || System.currentTimeMillis() > adminTokenExpiresAt) {
            JsonNode token = passwordGrant("master", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
            adminToken = token.get("access_token").asText();
            adminTokenExpiresAt = System.currentTimeMillis() + (token.get("expires_in").asLong() - 15) * 1000;
        }
        return adminToken;
    }

    /** A token of a realm's user, through that realm's admin-cli client (as kcadm.sh does). */
    public String userToken(String realm, String username, String password) {
        return passwordGrant(realm, username, password).get("access_token").asText();
    }

    private JsonNode passwordGrant(String realm, String username, String password) {
        Http.Result result = Http.postForm(uri("/realms/" + realm + "/protocol/openid-connect/token"),
                form("grant_type", "password", "client_id", "admin-cli", "username", username, "password", password),
                null);
        if (result.status() != 200) {
            throw new AssertionError("password grant for " + username + "@" + realm + " failed: " + result);
        }
        return result.json();
    }

    public URI tokenEndpoint(String realm) {
        return uri("/realms/" + realm + "/protocol/openid-connect/token");
    }

    public URI admin(String realm, String path) {
        return uri("/admin/realms/" + realm + path);
    }

    /** The extension's admin API of a realm, e.g. ext(realm, "/setup"). */
    public URI ext(String realm, String path) {
        return uri("/admin/realms/" + realm + "/org-client-credentials" + path);
    }

    public Http.Result adminGet(String realm, String path) {
        return Http.get(admin(realm, path), adminToken());
    }

    public void createRealm(String realm) {
        ObjectNode rep = Http.object().put("realm", realm).put("enabled", true);
        expect(201, Http.postJson(uri("/admin/realms"), adminToken(), rep), "create realm " + realm);
    }

    public void deleteRealm(String realm) {
        Http.delete(uri("/admin/realms/" + realm), adminToken());
    }

    /** A realm user with a password and, optionally, roles of the realm's realm-management client. */
    public String createUser(String realm, String username, String password, String... managementRoles) {
        ObjectNode user = Http.object().put("username", username).put("enabled", true)
                .put("email", username + "@example.com").put("emailVerified", true)
                .put("firstName", "Test").put("lastName", username);
        ArrayNode credentials = user.putArray("credentials");
        credentials.addObject().put("type", "password").put("value", password).put("temporary", false);
        Http.Result created = Http.postJson(admin(realm, "/users"), adminToken(), user);
        expect(201, created, "create user " + username);
        String location = created.header("Location");
        String userId = location.substring(location.lastIndexOf('/') + 1);
        if (managementRoles.length > 0) {
            String managementId = clientUuid(realm, "realm-management");
            ArrayNode roles = Http.array();
            for (String role : managementRoles) {
                roles.add(adminGet(realm, "/clients/" + managementId + "/roles/" + role).json());
            }
            expect(204, Http.postJson(admin(realm, "/users/" + userId + "/role-mappings/clients/" + managementId),
                    adminToken(), roles), "grant " + List.of(managementRoles));
        }
        return userId;
    }

    public String clientUuid(String realm, String clientId) {
        JsonNode clients = adminGet(realm, "/clients?clientId=" + encode(clientId)).json();
        if (clients.isEmpty()) {
            throw new AssertionError("no client " + clientId + " in " + realm);
        }
        return clients.get(0).get("id").asText();
    }

    /** Creates an organization (Organizations must be enabled in the realm) and returns its id. */
    public String createOrganization(String realm, String alias) {
        ObjectNode org = Http.object().put("name", alias).put("alias", alias).put("enabled", true);
        org.putArray("domains").addObject().put("name", alias + ".example.com");
        Http.Result created = Http.postJson(admin(realm, "/organizations"), adminToken(), org);
        expect(201, created, "create organization " + alias);
        String location = created.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public void setOrganizationEnabled(String realm, String orgId, boolean enabled) {
        ObjectNode org = (ObjectNode) adminGet(realm, "/organizations/" + orgId).json();
        org.put("enabled", enabled);
        expect(204, Http.putJson(admin(realm, "/organizations/" + orgId), adminToken(), org), "update organization");
    }

    /** The realm's access-token lifespan (Keycloak's default is 300 s); credential tokens never outlive it. */
    public void setAccessTokenLifespan(String realm, int seconds) {
        expect(204, Http.putJson(admin(realm, ""), adminToken(), Http.object().put("accessTokenLifespan", seconds)),
                "realm access-token lifespan");
    }

    /** Makes a user a member of an organization. */
    public void addMember(String realm, String orgId, String userId) {
        expect(201, Http.postJson(admin(realm, "/organizations/" + orgId + "/members"), adminToken(),
                "\"" + userId + "\""),
                "add member");
    }

    /** Names a member one of the organization's credential managers, as a master admin. */
    public void nameManager(String realm, String orgId, String userId) {
        expect(204, new CredentialsApi(this, realm, this::adminToken).addManager(orgId, userId),
                "name manager of " + orgId);
    }

    /** Gives a user a realm role. */
    public void grantRealmRole(String realm, String userId, String roleName) {
        JsonNode role = adminGet(realm, "/roles/" + encode(roleName)).json();
        expect(204, Http.postJson(admin(realm, "/users/" + userId + "/role-mappings/realm"), adminToken(),
                Http.array().add(role)), "grant realm role " + roleName);
    }

    /**
     * A user's token from the realm's self-service client, as the self-service page gets it. The page uses the
     * authorization code flow; tests switch on the password grant for that client to get the same token without a
     * browser (the set-up creates it without).
     */
    public String portalToken(String realm, String username, String password) {
        String portal = clientUuid(realm, "org-client-credentials-portal");
        ObjectNode client = (ObjectNode) adminGet(realm, "/clients/" + portal).json();
        if (!client.get("directAccessGrantsEnabled").asBoolean()) {
            client.put("directAccessGrantsEnabled", true);
            expect(204, Http.putJson(admin(realm, "/clients/" + portal), adminToken(), client),
                    "password grant for the self-service client (tests only)");
        }
        Http.Result result = Http.postForm(tokenEndpoint(realm), form("grant_type", "password", "client_id",
                "org-client-credentials-portal", "username", username, "password", password), null);
        return expect(200, result, "portal token for " + username).json().get("access_token").asText();
    }

    /**
     * An admin delegated one organization through Keycloak's fine-grained admin permissions (v2; organizations since
     * 26.7): the user holds only query-organizations realm-wide, and the scopes ("view", "manage") on the
     * organization. As an operator sets it up: one permission per organization and scope, whose one user policy
     * lists every admin given that scope there (Keycloak decides unanimously: were there two permissions on the same
     * organization and scope, each would have to grant). Switches admin permissions on for the realm first.
     */
    public String createDelegatedAdmin(String realm, String username, String password, String orgId, String... scopes) {
        expect(204, Http.putJson(admin(realm, ""), adminToken(), Http.object().put("adminPermissionsEnabled", true)),
                "enable admin permissions");
        String userId = createUser(realm, username, password, "query-organizations");
        String authz = "/clients/" + clientUuid(realm, "admin-permissions") + "/authz/resource-server";
        for (String scope : scopes) {
            String name = scope + " on " + orgId;
            JsonNode found = adminGet(realm, authz + "/policy/user?name=" + encode(name + " users")).json();
            JsonNode existing = null;
            for (JsonNode policy : found) {
                if (policy.get("name").asText().equals(name + " users")) {
                    existing = policy;
                }
            }
            if (existing == null) {
                permissionForOneUser(realm, authz, name, userId, orgId, scope);
            } else {
                ObjectNode policy = (ObjectNode) adminGet(realm, authz + "/policy/user/" + existing.get("id").asText())
                        .json();
                ((ArrayNode) policy.withArray("users")).add(userId);
                expect(201, Http.putJson(admin(realm, authz + "/policy/user/" + existing.get("id").asText()),
                        adminToken(), policy), "add " + username + " to " + name);
            }
        }
        return userId;
    }

    /**
     * A permission of its own for one user on one organization and scope, beside any other: Keycloak then grants
     * that scope there to nobody who is not in every such permission.
     */
    public void addSeparatePermission(String realm, String userId, String orgId, String scope) {
        String authz = "/clients/" + clientUuid(realm, "admin-permissions") + "/authz/resource-server";
        permissionForOneUser(realm, authz, scope + " on " + orgId + " for " + userId, userId, orgId, scope);
    }

    private void permissionForOneUser(String realm, String authz, String name, String userId, String orgId,
                                      String scope) {
        ObjectNode policy = Http.object().put("name", name + " users");
        policy.putArray("users").add(userId);
        expect(201, Http.postJson(admin(realm, authz + "/policy/user"), adminToken(), policy), "user policy");
        ObjectNode permission = Http.object().put("name", name).put("resourceType", "Organizations");
        permission.putArray("resources").add(orgId);
        permission.putArray("scopes").add(scope);
        permission.putArray("policies").add(name + " users");
        expect(201, Http.postJson(admin(realm, authz + "/permission/scope"), adminToken(), permission),
                "organization permission " + name);
    }

    /** Runs the extension's realm set-up and returns its report. */
    public JsonNode setup(String realm) {
        Http.Result result = Http.postJson(ext(realm, "/setup"), adminToken(), "");
        expect(200, result, "set up realm " + realm);
        return result.json();
    }

    public static Http.Result expect(int status, Http.Result result, String what) {
        if (result.status() != status) {
            throw new AssertionError(what + ": expected HTTP " + status + " but got " + result);
        }
        return result;
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static Map<String, String> clientCredentials(String scope) {
        return scope == null ? form("grant_type", "client_credentials")
                : form("grant_type", "client_credentials", "scope", scope);
    }
}
