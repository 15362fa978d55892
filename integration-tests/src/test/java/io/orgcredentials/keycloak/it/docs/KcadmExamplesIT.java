package io.orgcredentials.keycloak.it.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The kcadm.sh examples of docs/api.md, run with the kcadm.sh of the Keycloak distribution under test. */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KcadmExamplesIT {

    private final KeycloakApi api;
    private TestRealm realm;
    private Path config;

    KcadmExamplesIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void login() throws Exception {
        realm = TestRealm.create(api, "kcadm");
        config = Files.createTempFile("kcadm", ".config");
        Files.delete(config);
        Result login = kcadm("config", "credentials", "--server", api.server().baseUri().toString(), "--realm", realm.name(),
                "--user", TestRealm.REALM_ADMIN, "--password", TestRealm.PASSWORD);
        assertThat(login.exit()).as(login.output()).isZero();
    }

    @AfterAll
    void cleanUp() throws IOException {
        realm.close();
        Files.deleteIfExists(config);
    }

    @Test
    void theDocumentedCommandsWork() throws Exception {
        Result setup = kcadm("create", "org-client-credentials/setup", "-r", realm.name(), "-b", "{}");
        assertThat(setup.exit()).as(setup.output()).isZero();
        Result status = kcadm("get", "org-client-credentials/setup", "-r", realm.name());
        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(Http.JSON.readTree(status.output()).get("ready").asBoolean()).isTrue();

        String org = "acme";
        api.createOrganization(realm.name(), org);
        String base = "org-client-credentials/organizations/" + org;
        Result created = kcadm("create", base + "/clients", "-r", realm.name(), "-s", "name=ci-pipeline", "-i");
        assertThat(created.exit()).as(created.output()).isZero();
        String clientId = created.output().trim();
        assertThat(clientId).matches("[0-9a-f-]{36}");

        Result list = kcadm("get", base + "/clients", "-r", realm.name(), "--fields", "clientId,name,expiresAt,status");
        assertThat(list.exit()).as(list.output()).isZero();
        JsonNode listed = Http.JSON.readTree(list.output());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("clientId").asText()).isEqualTo(clientId);
        assertThat(listed.get(0).get("status").asText()).isEqualTo("active");

        Result one = kcadm("get", base + "/clients/" + clientId, "-r", realm.name());
        assertThat(one.exit()).as(one.output()).isZero();
        assertThat(one.output()).contains("ci-pipeline").doesNotContain("clientSecret");

        Result update = kcadm("update", base + "/limit", "-r", realm.name(), "-s", "limit=25");
        assertThat(update.exit()).as(update.output()).isZero();
        Result limit = kcadm("get", base + "/limit", "-r", realm.name());
        assertThat(Http.JSON.readTree(limit.output()).get("limit").asInt()).isEqualTo(25);

        Result rules = kcadm("get", base + "/rules", "-r", realm.name());
        assertThat(rules.exit()).as(rules.output()).isZero();
        assertThat(Http.JSON.readTree(rules.output()).get("limit").asInt()).isEqualTo(25);
        assertThat(Http.JSON.readTree(rules.output()).get("maximumLifetime").asText()).isEqualTo("P1Y");

        Result delete = kcadm("delete", base + "/clients/" + clientId, "-r", realm.name());
        assertThat(delete.exit()).as(delete.output()).isZero();
        assertThat(Http.JSON.readTree(kcadm("get", base + "/clients", "-r", realm.name()).output())).isEmpty();
    }

    record Result(int exit, String output) {
    }

    private Result kcadm(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("keycloak.home"), "bin", "kcadm.sh").toString());
        command.addAll(List.of(args));
        command.add("--config");
        command.add(config.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kcadm.sh " + String.join(" ", args) + " did not finish");
        }
        String stdout = new String(out, StandardCharsets.UTF_8);
        return new Result(process.exitValue(), process.exitValue() == 0 ? stdout
                : stdout + new String(err, StandardCharsets.UTF_8));
    }
}
