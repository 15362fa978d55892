package io.orgcredentials.keycloak.demo;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.orgcredentials.keycloak.it.support.Database;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakServer;

/**
 * {@code ./demo.sh} (or {@code mvn -Pdemo package -DskipTests}): Keycloak with the extension on its embedded H2
 * database and a ready realm "demo" (organization acme, a realm admin, the set-up done). Stops on Ctrl-C.
 */
public final class DemoLauncher {

    static final String REALM = "demo";
    static final String REALM_ADMIN = "demo-admin";
    static final String REALM_ADMIN_PASSWORD = "demo-admin";
    /** A member of acme who holds the manager role: signs in to the self-service page. */
    static final String MEMBER = "acme-manager";
    static final String MEMBER_PASSWORD = "acme-manager";

    private DemoLauncher() {
    }

    public static void main(String[] args) throws InterruptedException {
        Integer port = Integer.getInteger("demo.port", 8080);
        if (!isFree(port)) {
            System.out.println("Port " + port + " is taken; using a free one (choose with -Ddemo.port=...)");
            port = null;
        }
        System.out.println("Starting Keycloak with the org-client-credentials extension (about a minute the first time)...");
        KeycloakServer server = KeycloakServer.start(Database.create(Database.Kind.H2_FILE), List.of(), port);
        KeycloakApi api = new KeycloakApi(server);
        String orgId = prepareRealm(api);

        String base = server.baseUri().toString();
        System.out.println();
        System.out.println("=================================================================================");
        System.out.println(" Keycloak is running with the org-client-credentials extension.");
        System.out.println();
        System.out.println(" Admin console (master):  " + base + "/admin/  user " + KeycloakServer.ADMIN_USER
                + " / " + KeycloakServer.ADMIN_PASSWORD);
        System.out.println(" Demo realm console:      " + base + "/admin/" + REALM + "/console/  user "
                + REALM_ADMIN + " / " + REALM_ADMIN_PASSWORD);
        System.out.println(" Organization acme:       id " + orgId);
        System.out.println(" Metrics:                 " + server.managementUri("/metrics")
                + "  (grep org_client_credentials)");
        System.out.println(" Self-service page:       " + base + "/realms/" + REALM
                + "/org-client-credentials/portal/  user " + MEMBER + " / " + MEMBER_PASSWORD
                + " (one of acme's credential managers)");
        System.out.println();
        System.out.println(" Try it:");
        System.out.println("   TOKEN=$(curl -s -d grant_type=password -d client_id=admin-cli -d username=" + REALM_ADMIN
                + " -d password=" + REALM_ADMIN_PASSWORD + " " + base + "/realms/" + REALM
                + "/protocol/openid-connect/token | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')");
        System.out.println("   curl -s -H \"Authorization: Bearer $TOKEN\" " + base + "/admin/realms/" + REALM
                + "/org-client-credentials/setup");
        System.out.println("   curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\");
        System.out.println("        -d '{\"name\": \"ci-pipeline\"}' " + base + "/admin/realms/" + REALM
                + "/org-client-credentials/organizations/acme/clients");
        System.out.println();
        System.out.println(" Server log: " + server.log());
        System.out.println(" Press Ctrl-C to stop.");
        System.out.println("=================================================================================");
        new CountDownLatch(1).await(); // the shutdown hook stops Keycloak on Ctrl-C
    }

    /** Creates the demo realm on first start; on later starts (same H2 file) it is already there. */
    private static String prepareRealm(KeycloakApi api) {
        if (Http.get(api.uri("/admin/realms/" + REALM), api.adminToken()).status() == 404) {
            api.createRealm(REALM);
            api.createUser(REALM, REALM_ADMIN, REALM_ADMIN_PASSWORD, "realm-admin");
        }
        api.setup(REALM);
        JsonNode found = api.adminGet(REALM, "/organizations?search=acme&exact=true").json();
        String orgId = found.isEmpty() ? api.createOrganization(REALM, "acme") : found.get(0).get("id").asText();
        if (api.adminGet(REALM, "/users?exact=true&username=" + MEMBER).json().isEmpty()) {
            String memberId = api.createUser(REALM, MEMBER, MEMBER_PASSWORD);
            api.addMember(REALM, orgId, memberId);
            api.nameManager(REALM, orgId, memberId);
        }
        return orgId;
    }

    private static boolean isFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (java.io.IOException taken) {
            return false;
        }
    }
}
