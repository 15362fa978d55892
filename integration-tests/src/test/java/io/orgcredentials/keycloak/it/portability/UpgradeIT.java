package io.orgcredentials.keycloak.it.portability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.it.support.Database;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakCluster;
import io.orgcredentials.keycloak.it.support.KeycloakHome;
import io.orgcredentials.keycloak.it.support.KeycloakServer;
import io.orgcredentials.keycloak.it.support.KeycloakVersion;
import io.orgcredentials.keycloak.it.support.OrgCredentialsApi;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.orgcredentials.keycloak.it.support.KeycloakApi.clientCredentials;
import static io.orgcredentials.keycloak.it.support.KeycloakApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrades in place on one PostgreSQL database, as operators do them: from earlier builds of the extension (the
 * first one, whose hashes have no key, and the last one before hash keys moved into the realm) to this build, and
 * from the oldest supported Keycloak to the one under test. Not a credential stops working, the listing and the
 * limit stay, and after the upgrade a full export carries what the credentials need.
 */
class UpgradeIT {

    private static final String REALM = "upgraded";

    /** What the earlier build handed out: each credential's id and the secrets that must keep working. */
    private record Before(String orgId, Map<String, List<String>> secrets, JsonNode listing) {
    }

    @ParameterizedTest(name = "build {0}")
    @ValueSource(strings = {"b8b1d46", "33cd756"})
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
            String third;
            try (KeycloakServer server = home.start(database)) {
                KeycloakApi api = new KeycloakApi(server);
                assertKept(api, before);
                JsonNode keys = Http.get(api.ext(REALM, "/hash-keys"), api.adminToken()).json();
                assertThat(keys).hasSize(1);
                assertThat(keys.get(0).get("credentials").asInt()).isEqualTo(2);
                if (build.equals("33cd756")) {
                    assertThat(keys.get(0).get("kid").asText()).as("the database's key, moved into the realm")
                            .isEqualTo("database-v2");
                }
                JsonNode created = new OrgCredentialsApi(api, REALM, api::adminToken).createOk(before.orgId(), "third",
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
                    JsonNode listing = new OrgCredentialsApi(api, REALM, api::adminToken).list(before.orgId(), null)
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
        OrgCredentialsApi credentials = new OrgCredentialsApi(api, REALM, api::adminToken);
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
        return new Before(orgId, secrets, credentials.list(orgId, null).json());
    }

    private static void assertKept(KeycloakApi api, Before before) {
        assertTokens(api, before.secrets());
        OrgCredentialsApi credentials = new OrgCredentialsApi(api, REALM, api::adminToken);
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
