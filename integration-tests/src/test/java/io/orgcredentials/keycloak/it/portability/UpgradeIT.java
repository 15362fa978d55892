package io.orgcredentials.keycloak.it.portability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Database;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakCluster;
import io.orgcredentials.keycloak.it.support.KeycloakHome;
import io.orgcredentials.keycloak.it.support.KeycloakServer;
import io.orgcredentials.keycloak.it.support.KeycloakVersion;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.orgcredentials.keycloak.it.support.KeycloakApi.clientCredentials;
import static io.orgcredentials.keycloak.it.support.KeycloakApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrades in place on one PostgreSQL database, as operators do them: from earlier builds of the extension (the
 * first one, whose hashes have no key, the last one before hash keys moved into the realm, and the last one before
 * managers were named per organization) to this build, and
 * from the oldest supported Keycloak to the one under test. Not a credential stops working, the listing and the
 * limit stay, and after the upgrade a full export carries what the credentials need.
 */
class UpgradeIT {

    private static final String REALM = "upgraded";

    /** What the earlier build handed out: each credential's id and the secrets that must keep working. */
    private record Before(String orgId, Map<String, List<String>> secrets, JsonNode listing, RoleHolders roleHolders) {
    }

    /**
     * Before 0.6, where the build had the realm role that let members manage: a member of acme and globex who holds
     * it, and a member of acme who does not; and globex's id.
     */
    private record RoleHolders(String consultant, String plainMember, String globex) {
    }

    @ParameterizedTest(name = "build {0}")
    @ValueSource(strings = {"b8b1d46", "33cd756", "34b6ce5"})
    void credentialsOfAnEarlierBuildKeepWorkingAndThenMoveWithTheRealm(String build) throws Exception {
        KeycloakCluster.requireServer(Database.Kind.POSTGRES);
        // The first build ran on Keycloak 26.7 only (it used 26.7's organization-removed event).
        Assumptions.assumeTrue(!build.equals("b8b1d46") || KeycloakVersion.atLeast(26, 7),
                "build b8b1d46 never ran on Keycloak " + KeycloakVersion.current());
        Path earlier = Path.of(System.getProperty("upgrade.jars")).resolve("org-client-credentials-" + build + ".jar");
        assertThat(earlier).exists();
        try (KeycloakHome home = KeycloakHome.copy(Path.of(System.getProperty("keycloak.home")), "upgrade-" + build,
                earlier);
             Database database = Database.create(Database.Kind.POSTGRES)) {
            Before before;
            try (KeycloakServer server = home.start(database)) {
                before = issue(new KeycloakApi(server));
            }
            home.useJar(Path.of(System.getProperty("provider.jar")));
            if (build.equals("b8b1d46")) {
                replaceUnkeyedHashes(home, database, before);
            }
            String third;
            try (KeycloakServer server = home.start(database)) {
                KeycloakApi api = new KeycloakApi(server);
                assertKept(api, before);
                assertManagersFromTheRole(api, before);
                JsonNode keys = Http.get(api.ext(REALM, "/hash-keys"), api.adminToken()).json();
                assertThat(keys).hasSize(1);
                assertThat(keys.get(0).get("credentials").asInt()).isEqualTo(2);
                if (build.equals("33cd756")) {
                    assertThat(keys.get(0).get("kid").asText()).as("the database's key, moved into the realm")
                            .isEqualTo("database-v2");
                }
                JsonNode created = new CredentialsApi(api, REALM, api::adminToken).createOk(before.orgId(), "third",
                        null);
                third = created.get("clientId").asText();
                before.secrets().put(third, List.of(created.get("clientSecret").asText()));
            }
            Path export = Files.createTempDirectory(home.path().getParent(), "upgrade-export");
            home.export(database, "--dir=" + export, "--realm=" + REALM);
            // Elsewhere: an empty database of the same vendor, as a copy for staging is made.
            try (Database elsewhere = Database.create(Database.Kind.POSTGRES)) {
                home.importFrom(elsewhere, "--dir=" + export);
                try (KeycloakServer server = home.start(elsewhere)) {
                    KeycloakApi api = new KeycloakApi(server);
                    assertTokens(api, before.secrets());
                    JsonNode listing = new CredentialsApi(api, REALM, api::adminToken).list(before.orgId(), null)
                            .json();
                    assertThat(listing).hasSize(3)
                            .allSatisfy(c -> assertThat(c.get("status").asText()).isEqualTo("active"));
                }
            }
        }
    }

    @Test
    void theOldestSupportedKeycloakUpgradesInPlaceWithEveryCredential() throws Exception {
        KeycloakCluster.requireServer(Database.Kind.POSTGRES);
        Path from = Path.of(System.getProperty("keycloak.upgrade.from.home"));
        Path to = Path.of(System.getProperty("keycloak.home"));
        Assumptions.assumeFalse(from.getFileName().equals(to.getFileName()),
                "the Keycloak under test is the oldest supported one: nothing to upgrade from");
        Path jar = Path.of(System.getProperty("provider.jar"));
        try (KeycloakHome older = KeycloakHome.copy(from, "upgrade-from", jar);
             KeycloakHome newer = KeycloakHome.copy(to, "upgrade-to", jar);
             Database database = Database.create(Database.Kind.POSTGRES)) {
            Before before;
            try (KeycloakServer server = older.start(database)) {
                before = issue(new KeycloakApi(server));
            }
            try (KeycloakServer server = newer.start(database)) {
                assertKept(new KeycloakApi(server), before);
            }
        }
    }

    /** Two credentials in organization acme, one rotated (where the build can), and acme's own limit of 3. */
    private static Before issue(KeycloakApi api) {
        api.createRealm(REALM);
        api.setup(REALM);
        String orgId = api.createOrganization(REALM, "acme");
        CredentialsApi credentials = new CredentialsApi(api, REALM, api::adminToken);
        Map<String, List<String>> secrets = new LinkedHashMap<>();
        for (String name : List.of("first", "second")) {
            JsonNode created = credentials.createOk(orgId, name, null);
            secrets.put(created.get("clientId").asText(), new ArrayList<>(List.of(created.get("clientSecret").asText())));
        }
        String rotatedId = secrets.keySet().stream().skip(1).findFirst().orElseThrow();
        Http.Result rotated = credentials.rotate(orgId, rotatedId, Http.object().put("previousSecretValidFor", "PT2H"));
        if (rotated.status() == 201) {
            secrets.get(rotatedId).add(0, rotated.json().get("clientSecret").asText());
        } else {
            // The first builds had no rotation.
            assertThat(rotated.status()).as(rotated.toString()).isIn(404, 405);
        }
        expect(200, credentials.setLimit(orgId, Http.object().put("limit", 3)), "acme's own limit");
        assertTokens(api, secrets);
        RoleHolders holders = null;
        if (api.adminGet(REALM, "/roles/org-client-credentials-manager").status() == 200) {
            String globex = api.createOrganization(REALM, "globex");
            String consultant = api.createUser(REALM, "consultant", "secret-password");
            api.addMember(REALM, orgId, consultant);
            api.addMember(REALM, globex, consultant);
            api.grantRealmRole(REALM, consultant, "org-client-credentials-manager");
            String plain = api.createUser(REALM, "plain", "secret-password");
            api.addMember(REALM, orgId, plain);
            holders = new RoleHolders(consultant, plain, globex);
        }
        return new Before(orgId, secrets, credentials.list(orgId, null).json(), holders);
    }

    /**
     * Since 0.6 the realm role grants nothing: at the upgrade each holder became a manager of each organization
     * they belonged to, and a member without it manages nothing; the set-up status names the remaining holder.
     */
    private static void assertManagersFromTheRole(KeycloakApi api, Before before) {
        RoleHolders holders = before.roleHolders();
        if (holders == null) {
            return;
        }
        CredentialsApi admin = new CredentialsApi(api, REALM, api::adminToken);
        assertThat(admin.managers(before.orgId()).json().findValuesAsText("id")).containsExactly(holders.consultant());
        assertThat(admin.managers(holders.globex()).json().findValuesAsText("id"))
                .containsExactly(holders.consultant());
        JsonNode report = api.setup(REALM);
        for (JsonNode check : report.get("checks")) {
            if (check.get("name").asText().equals("legacy-manager-role")) {
                assertThat(check.get("status").asText()).isEqualTo("missing");
                assertThat(check.get("detail").asText()).startsWith("1 user(s) hold realm role");
            }
        }
    }

    /**
     * The first build hashed secrets without a key: after the upgrade they verify only with the option
     * unkeyed-hashes on, and the set-up status says so; rotating each secret meanwhile (no grace for the old one)
     * makes every credential keyed, and the option can go.
     */
    private static void replaceUnkeyedHashes(KeycloakHome home, Database database, Before before) {
        try (KeycloakServer server = home.start(database)) {
            KeycloakApi api = new KeycloakApi(server);
            String clientId = before.secrets().keySet().iterator().next();
            String secret = before.secrets().get(clientId).get(0);
            assertThat(Http.postForm(api.tokenEndpoint(REALM), clientCredentials(null),
                    new String[]{clientId, secret}).status()).as("an unkeyed hash, the option off").isEqualTo(401);
            assertThat(unkeyedCheck(api).get("status").asText()).isEqualTo("missing");
            assertThat(unkeyedCheck(api).get("detail").asText())
                    .isEqualTo("2 credential(s) have a secret hashed without a key (the first builds), which does "
                            + "not verify unless the server option unkeyed-hashes is on: rotate their secrets, or "
                            + "create new credentials");
        }
        try (KeycloakServer server = home.start(database,
                "--spi-org-client-credentials--default--unkeyed-hashes=true")) {
            KeycloakApi api = new KeycloakApi(server);
            assertTokens(api, before.secrets());
            CredentialsApi credentials = new CredentialsApi(api, REALM, api::adminToken);
            for (Map.Entry<String, List<String>> credential : before.secrets().entrySet()) {
                JsonNode rotated = expect(201, credentials.rotate(before.orgId(), credential.getKey(),
                        Http.object().put("previousSecretValidFor", "PT0S")), "rotate " + credential.getKey()).json();
                credential.setValue(new ArrayList<>(List.of(rotated.get("clientSecret").asText())));
            }
            assertThat(unkeyedCheck(api).get("status").asText()).isEqualTo("present");
        }
    }

    private static JsonNode unkeyedCheck(KeycloakApi api) {
        for (JsonNode check : api.setup(REALM).get("checks")) {
            if (check.get("name").asText().equals("unkeyed-hashes")) {
                return check;
            }
        }
        throw new AssertionError("no unkeyed-hashes check");
    }

    private static void assertKept(KeycloakApi api, Before before) {
        assertTokens(api, before.secrets());
        CredentialsApi credentials = new CredentialsApi(api, REALM, api::adminToken);
        JsonNode listing = credentials.list(before.orgId(), null).json();
        assertThat(listing).hasSameSizeAs(before.listing());
        for (int i = 0; i < listing.size(); i++) {
            for (String field : List.of("clientId", "name", "createdAt", "expiresAt")) {
                assertThat(listing.get(i).get(field)).as(field).isEqualTo(before.listing().get(i).get(field));
            }
            assertThat(listing.get(i).get("status").asText()).as(listing.get(i).toString()).isEqualTo("active");
        }
        JsonNode limit = credentials.limit(before.orgId()).json();
        assertThat(limit.get("limit").asInt()).isEqualTo(3);
        assertThat(limit.get("used").asInt()).isEqualTo(2);
        ObjectNode report = (ObjectNode) api.setup(REALM);
        assertThat(report.get("ready").asBoolean()).as(report.toString()).isTrue();
    }

    private static void assertTokens(KeycloakApi api, Map<String, List<String>> secrets) {
        secrets.forEach((clientId, all) -> all.forEach(secret -> {
            Http.Result token = Http.postForm(api.tokenEndpoint(REALM), clientCredentials(null),
                    new String[]{clientId, secret});
            assertThat(token.status()).as(clientId + ": " + token).isEqualTo(200);
        }));
    }
}
