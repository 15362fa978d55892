package io.orgcredentials.keycloak.it.keys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.orgcredentials.keycloak.it.support.ClientKeys;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.TestRealm;
import io.orgcredentials.keycloak.it.support.TokenVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials with a public key used by OAuth libraries as services use them: openid-client 6 ({@code PrivateKeyJwt},
 * Node.js, themes/e2e/clients) and Authlib ({@code PrivateKeyJWT}, Debian's python3-authlib). (The Java client built
 * on nimbus-jose-jwt is the one every other test of public keys uses: {@link ClientKeys}.) A missing library skips a
 * test, unless -Dit.require-clients=true (CI), where it fails it.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientLibrariesIT {

    private static final Path PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? Path.of("/usr/bin/python3")
            : Path.of("python3");

    private final KeycloakApi api;
    private TestRealm realm;
    private String orgId;
    private TokenVerifier verifier;

    ClientLibrariesIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void createRealm() {
        realm = TestRealm.createReady(api, "libraries");
        orgId = api.createOrganization(realm.name(), "acme");
        verifier = TokenVerifier.forRealm(api, realm.name());
    }

    @AfterAll
    void deleteRealm() {
        realm.close();
    }

    private static void require(boolean present, String what) {
        if (!present) {
            if (Boolean.getBoolean("it.require-clients")) {
                Assertions.fail(what + " is missing");
            }
            Assumptions.abort(what + " is missing: test skipped");
        }
    }

    private static String run(Path directory, Map<String, String> environment, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("finished: " + output).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
        assertThat(output).contains("all checks passed");
        return output.lines().filter(line -> line.startsWith("{")).findFirst().orElseThrow();
    }

    private void assertToken(String accessToken, String clientId) throws Exception {
        JWTClaimsSet claims = verifier.verify(accessToken);
        assertThat(claims.getStringClaim("azp")).isEqualTo(clientId);
        assertThat(claims.getStringListClaim("organization")).containsExactly("acme");
        assertThat(claims.getAudience()).containsExactly("deployments");
    }

    @Test
    void openidClientGetsATokenWithPrivateKeyJwt() throws Exception {
        Path themes = Path.of(System.getProperty("themes.dir", "../themes")).toAbsolutePath().normalize();
        require(Files.isDirectory(themes.resolve("node_modules/openid-client")),
                "openid-client in " + themes + "/node_modules (the themes module's npm ci installs it)");
        String clients = api.ext(realm.name(), "/organizations/" + orgId + "/clients").toString();
        JsonNode result = Http.JSON.readTree(run(themes, Map.of("KC_BASE_URL", api.server().baseUri().toString(),
                        "KC_REALM", realm.name(), "CLIENTS_URL", clients, "ADMIN_TOKEN", realm.realmAdminToken()),
                "node", "e2e/clients/openid-client-private-key-jwt.mjs"));
        assertToken(result.get("access_token").asText(), result.get("clientId").asText());
    }

    @Test
    void authlibGetsATokenWithPrivateKeyJwt() throws Exception {
        boolean authlib;
        try {
            Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import authlib, requests")
                    .redirectErrorStream(true).start();
            authlib = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (java.io.IOException noPython) {
            authlib = false;
        }
        require(authlib, "Python's authlib and requests (apt-get install python3-authlib python3-requests)");
        ClientKeys key = ClientKeys.rsa(2048);
        JsonNode created = KeycloakApi.expect(201, new CredentialsApi(api, realm.name(), realm::realmAdminToken)
                .createWithKey(orgId, "authlib", key.jwksField()), "create with a key").json();
        String clientId = created.get("clientId").asText();
        Path directory = Files.createTempDirectory("authlib");
        Path privateKey = Files.writeString(directory.resolve("service.key"), key.privatePem());
        Path script = Path.of(getClass().getResource("/clients/authlib_private_key_jwt.py").toURI());
        JsonNode result = Http.JSON.readTree(run(directory, Map.of("TOKEN_ENDPOINT",
                        api.tokenEndpoint(realm.name()).toString(), "CLIENT_ID", clientId, "PRIVATE_KEY_FILE",
                        privateKey.toString()), PYTHON.toString(), script.toString()));
        assertToken(result.get("access_token").asText(), clientId);
    }
}
