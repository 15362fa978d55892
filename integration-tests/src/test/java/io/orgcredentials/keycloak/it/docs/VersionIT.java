package io.orgcredentials.keycloak.it.docs;

import java.nio.file.Path;
import java.util.jar.JarFile;

import com.fasterxml.jackson.databind.JsonNode;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One version a user can name: the build's version is the one in the drop-in jar's manifest (and its name, as the
 * build names it), the OpenAPI description the server serves, the start-up line and Keycloak's server info.
 */
@ExtendWith(KeycloakExtension.class)
class VersionIT {

    private final KeycloakApi api;
    private final String version = System.getProperty("extension.version");

    VersionIT(KeycloakApi api) {
        this.api = api;
    }

    @Test
    void everyPlaceNamesTheBuildsVersion() throws Exception {
        assertThat(version).isNotBlank();
        Path jar = Path.of(System.getProperty("provider.jar"));
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Implementation-Version")).isEqualTo(version);
            assertThat(file.getManifest().getMainAttributes().getValue("Implementation-Title"))
                    .isEqualTo("org-client-credentials");
        }
        // The build names it after its version; a copy under another name (CI's one jar for every version) is
        // checked by its manifest only.
        if (jar.getFileName().toString().matches("org-client-credentials-\\d.*\\.jar")) {
            assertThat(jar.getFileName().toString()).isEqualTo("org-client-credentials-" + version + ".jar");
        }

        try (TestRealm realm = TestRealm.create(api, "version")) {
            String yaml = KeycloakApi.expect(200, Http.get(api.ext(realm.name(), "/openapi.yaml"),
                    realm.realmAdminToken()), "openapi.yaml").body();
            assertThat(new OpenApiDescription(yaml).document().path("info").path("version").asText()).isEqualTo(version);
        }

        assertThat(api.server().logTail(100_000))
                .contains("The org-client-credentials extension " + version + " is enabled on Keycloak");

        JsonNode providers = KeycloakApi.expect(200, Http.get(api.uri("/admin/serverinfo"), api.adminToken()),
                "server info").json().get("providers");
        assertThat(providers.path("org-client-credentials").path("providers").path("default")
                .path("operationalInfo").path("version").asText()).isEqualTo(version);
    }
}
