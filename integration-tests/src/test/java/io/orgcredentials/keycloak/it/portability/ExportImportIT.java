package io.orgcredentials.keycloak.it.portability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.it.support.ClientKeys;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Database;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakCluster;
import io.orgcredentials.keycloak.it.support.KeycloakHome;
import io.orgcredentials.keycloak.it.support.KeycloakServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.orgcredentials.keycloak.it.support.KeycloakApi.clientCredentials;
import static io.orgcredentials.keycloak.it.support.KeycloakApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak's own {@code kc.sh export} and {@code kc.sh import}, as operators move a realm to another database or
 * another vendor: every credential keeps working with the secrets its services have, is listed as it was, counts
 * against its organization's own limit, and a notice sent before is not sent again. An export edited by hand yields
 * no token. Runs where PostgreSQL (and for the vendor move MariaDB) answers; skipped otherwise unless CI requires them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportImportIT {

    private KeycloakHome home;
    private Path work;
    /** The H2 realm's directory export, made once for the move and for the edited copy. */
    private MovingRealm h2Realm;
    private Path h2Export;

    @BeforeAll
    void copyDistribution() throws IOException {
        home = KeycloakHome.copy("export-import");
        work = Files.createTempDirectory(home.path().getParent(), "exports");
    }

    @AfterAll
    void removeCopy() {
        if (home != null) {
            home.close();
        }
    }

    @Test
    void aDirectoryExportOfOneRealmMovesFromH2ToPostgreSQL() throws Exception {
        KeycloakCluster.requireServer(Database.Kind.POSTGRES);
        Path export = h2Export();
        importAndCheck(h2Realm, Database.Kind.POSTGRES, false, "--dir=" + export);
    }

    @Test
    void aSingleFileExportOfAllRealmsMovesFromPostgreSQLToMariaDB() throws Exception {
        KeycloakCluster.requireServer(Database.Kind.POSTGRES);
        KeycloakCluster.requireServer(Database.Kind.MARIADB);
        Path file = work.resolve("all-realms.json");
        MovingRealm moving;
        try (Database source = Database.create(Database.Kind.POSTGRES)) {
            try (KeycloakServer server = home.start(source, MovingRealm.NOTICE_OPTION)) {
                moving = MovingRealm.build(new KeycloakApi(server), "moving-all");
            }
            home.export(source, "--file=" + file);
        }
        importAndCheck(moving, Database.Kind.MARIADB, true, "--file=" + file);
    }

    /** {@code kc.sh import} into a new database of that kind, then every check of {@link MovingRealm}. */
    private void importAndCheck(MovingRealm moving, Database.Kind kind, boolean withMaster, String from)
            throws Exception {
        try (Database target = Database.create(kind)) {
            if (withMaster) {
                home.importWithMaster(target, from);
            } else {
                home.importFrom(target, from);
            }
            Instant movedAt = Instant.now();
            try (KeycloakServer server = home.start(target, MovingRealm.NOTICE_OPTION)) {
                moving.assertMovedTo(new KeycloakApi(server), target, movedAt);
            }
        }
    }

    /**
     * Whoever edits an export cannot move an expiry, an organization or a secret hash, nor swap a key: those
     * credentials get no token, with any of their secrets, and are listed as unusable with the reason; an untouched
     * one works. Over its own limit after the edit, the organization takes no new credential.
     */
    @Test
    void anExportEditedByHandGivesNoTokenAndShowsWhy() throws Exception {
        KeycloakCluster.requireServer(Database.Kind.POSTGRES);
        Path edited = work.resolve("edited");
        copyDirectory(h2Export(), edited);
        Path realmFile = edited.resolve(h2Realm.realm + "-realm.json");
        ObjectNode realm = (ObjectNode) Http.JSON.readTree(realmFile.toFile());
        MovingRealm.Issued ci = h2Realm.issued.get("ci");
        MovingRealm.Issued deploy = h2Realm.issued.get("deploy");
        MovingRealm.Issued globex = h2Realm.issued.get("globex-ci");
        MovingRealm.Issued afterRotation = h2Realm.issued.get("after-key-rotation");
        ObjectNode ciAttributes = attributes(realm, ci.clientId());
        ciAttributes.put("org-client-credentials.expires-at",
                Long.toString(Long.parseLong(ciAttributes.get("org-client-credentials.expires-at").asText()) + 30 * 86_400));
        attributes(realm, globex.clientId()).put("org-client-credentials.organization-id", h2Realm.acmeId);
        attributes(realm, deploy.clientId()).put("org-client-credentials.secret-hash",
                ciAttributes.get("org-client-credentials.secret-hash").asText());
        ObjectNode secondKey = component(realm, c -> h2Realm.secondKeyId.equals(c.path("config").path("kid").path(0).asText()));
        byte[] otherMaterial = new byte[32];
        new java.security.SecureRandom().nextBytes(otherMaterial);
        ((ArrayNode) secondKey.get("config").get("secret")).set(0, Base64.getEncoder().encodeToString(otherMaterial));
        // A key of someone else's put in place of the credential's own public key.
        ClientKeys injected = ClientKeys.ec(com.nimbusds.jose.jwk.Curve.P_256);
        ObjectNode injectedJwks = Http.object();
        injectedJwks.putArray("keys").add(injected.publicJwk().put("kid", "injected").put("alg", "ES256")
                .put("use", "sig"));
        attributes(realm, h2Realm.keyClientId).put("jwks.string", injectedJwks.toString());
        Http.JSON.writeValue(realmFile.toFile(), realm);

        try (Database target = Database.create(Database.Kind.POSTGRES)) {
            home.importFrom(target, "--dir=" + edited);
            try (KeycloakServer server = home.start(target)) {
                KeycloakApi api = new KeycloakApi(server);
                for (MovingRealm.Issued broken : List.of(ci, deploy, globex, afterRotation)) {
                    for (String secret : broken.secrets()) {
                        Http.Result token = Http.postForm(api.tokenEndpoint(h2Realm.realm), clientCredentials(null),
                                new String[]{broken.clientId(), secret});
                        assertThat(token.status()).as(broken.name() + ": " + token).isEqualTo(401);
                        assertThat(token.json().get("error").asText()).isEqualTo("invalid_client");
                    }
                }
                MovingRealm.Issued soon = h2Realm.issued.get("soon");
                assertThat(Http.postForm(api.tokenEndpoint(h2Realm.realm), clientCredentials(null),
                        new String[]{soon.clientId(), soon.secrets().get(0)}).status()).as("untouched").isEqualTo(200);

                CredentialsApi admin = h2Realm.admin(api);
                JsonNode acme = admin.list(h2Realm.acmeId, null).json();
                assertThat(acme).hasSize(5);
                for (JsonNode credential : acme) {
                    boolean untouched = credential.get("clientId").asText().equals(soon.clientId());
                    assertThat(credential.get("status").asText()).as(credential.toString())
                            .isEqualTo(untouched ? "active" : "unusable");
                    if (!untouched) {
                        assertThat(credential.get("problem").asText()).as(credential.toString())
                                .contains("changed outside the org-client-credentials API");
                    }
                }
                String tokenEndpoint = api.tokenEndpoint(h2Realm.realm).toString();
                for (ClientKeys signer : List.of(injected, h2Realm.globexKey)) {
                    Http.Result token = Http.postForm(api.tokenEndpoint(h2Realm.realm), ClientKeys.assertionForm(
                            signer.assertion(h2Realm.keyClientId, tokenEndpoint), null), null);
                    assertThat(token.status()).as("globex-key: " + token).isEqualTo(401);
                }
                JsonNode globexAfter = admin.list(h2Realm.globexId, null).json();
                assertThat(globexAfter).hasSize(1);
                assertThat(globexAfter.get(0).get("status").asText()).isEqualTo("unusable");
                assertThat(globexAfter.get(0).get("problem").asText())
                        .contains("changed outside the org-client-credentials API");
                JsonNode limit = admin.limit(h2Realm.acmeId).json();
                assertThat(limit.get("used").asInt()).isEqualTo(5);
                assertThat(limit.get("available").asInt()).isZero();
                assertThat(admin.create(h2Realm.acmeId, "sixth", null).status()).isEqualTo(409);
                // Every one of them can be deleted through the extension.
                expect(204, admin.delete(h2Realm.acmeId, ci.clientId()), "delete an edited credential");
                assertThat(admin.list(h2Realm.acmeId, null).json()).hasSize(4);
            }
        }
    }

    /** The H2 source, built and exported on first use. */
    private Path h2Export() {
        if (h2Export == null) {
            Database source = Database.create(Database.Kind.H2_FILE);
            try (KeycloakServer server = home.start(source, MovingRealm.NOTICE_OPTION)) {
                h2Realm = MovingRealm.build(new KeycloakApi(server), "moving");
            }
            Path export = work.resolve("h2-export");
            home.export(source, "--dir=" + export, "--realm=" + h2Realm.realm);
            h2Export = export;
        }
        return h2Export;
    }

    private static ObjectNode attributes(ObjectNode realm, String clientId) {
        for (JsonNode client : realm.get("clients")) {
            if (clientId.equals(client.path("clientId").asText())) {
                return (ObjectNode) client.get("attributes");
            }
        }
        throw new AssertionError("no client " + clientId + " in the export");
    }

    private static ObjectNode component(ObjectNode realm, Predicate<JsonNode> which) {
        for (JsonNode component : realm.path("components").path("org.keycloak.keys.KeyProvider")) {
            if (which.test(component)) {
                return (ObjectNode) component;
            }
        }
        throw new AssertionError("no such key component in the export");
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
