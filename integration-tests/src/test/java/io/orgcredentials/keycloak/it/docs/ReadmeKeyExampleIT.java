package io.orgcredentials.keycloak.it.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.TestRealm;
import io.orgcredentials.keycloak.it.support.TokenVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's public-key example, run as a reader would run it: bash, openssl and curl make the key pair, register
 * it, sign a client assertion and get a token, which is then verified.
 */
@ExtendWith(KeycloakExtension.class)
class ReadmeKeyExampleIT {

    private static final String MARKER = "# readme:assertion";

    private final KeycloakApi api;

    ReadmeKeyExampleIT(KeycloakApi api) {
        this.api = api;
    }

    /** The README's bash block with the marker, split at it: registering the key, then getting a token. */
    private static List<String> example() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("project.root", ".."), "README.md"));
        int marker = readme.indexOf(MARKER);
        assertThat(marker).as("the README has the public-key example").isPositive();
        int start = readme.lastIndexOf("```bash\n", marker) + "```bash\n".length();
        int end = readme.indexOf("```", marker);
        return List.of(readme.substring(start, marker), readme.substring(marker, end));
    }

    private static String bash(Path directory, String script, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(
                directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the example finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void theReadmesOpensslExampleGetsAToken() throws Exception {
        try (TestRealm realm = TestRealm.createReady(api, "readme")) {
            api.createOrganization(realm.name(), "acme");
            List<String> example = example();
            Path directory = Files.createTempDirectory("readme-key");
            Map<String, String> env = Map.of("KC", api.server().baseUri().toString(), "REALM", realm.name(),
                    "ADMIN_TOKEN", realm.realmAdminToken());
            JsonNode created = Http.JSON.readTree(bash(directory, example.get(0), env).lines()
                    .filter(line -> line.startsWith("{")).reduce((first, last) -> last).orElseThrow());
            assertThat(created.get("tokenEndpointAuthMethod").asText()).as(created.toString())
                    .isEqualTo("private_key_jwt");
            String clientId = created.get("clientId").asText();

            Map<String, String> withClient = new java.util.HashMap<>(env);
            withClient.put("CLIENT_ID", clientId);
            JsonNode token = Http.JSON.readTree(bash(directory, example.get(1), withClient));
            assertThat(token.has("access_token")).as(token.toString()).isTrue();
            JWTClaimsSet claims = TokenVerifier.forRealm(api, realm.name()).verify(token.get("access_token").asText());
            assertThat(claims.getStringClaim("azp")).isEqualTo(clientId);
            assertThat(claims.getStringListClaim("organization")).containsExactly("acme");
        }
    }
}
