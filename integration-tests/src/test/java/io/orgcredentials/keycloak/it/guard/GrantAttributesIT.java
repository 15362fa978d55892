package io.orgcredentials.keycloak.it.guard;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Every client attribute by which the running Keycloak turns on a grant (or hands out other tokens) for a client,
 * as its own constants name them — so that a Keycloak version that adds one (26.5: the JWT authorization grant;
 * 26.7: external tokens) is covered without anyone remembering to add it: the guard refuses each on the admin API,
 * and a credential whose client carries one (written behind the guard, into the database) gets no token and is
 * listed as unusable, saying which.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrantAttributesIT {

    /** Where Keycloak keeps the names of client attributes that enable a grant or a token source. */
    private static final List<String> CONSTANT_CLASSES = List.of("org.keycloak.protocol.oidc.OIDCConfigAttributes",
            "org.keycloak.models.CibaConfig", "org.keycloak.models.OAuth2DeviceConfig", "org.keycloak.OID4VCConstants");

    private final KeycloakApi api;
    private TestRealm realm;
    private CredentialsApi credentials;
    private String orgId;

    GrantAttributesIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void createRealm() {
        realm = TestRealm.createReady(api, "grants");
        credentials = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
        orgId = api.createOrganization(realm.name(), "acme");
    }

    @AfterAll
    void deleteRealm() {
        realm.close();
    }

    /**
     * The grant-enabling attributes among the running version's constants: a name that says it enables a grant, a
     * token exchange, external tokens, credential issuance, or refresh tokens for client_credentials.
     */
    static List<String> grantAttributes() throws IOException {
        Path lib = Path.of(System.getProperty("keycloak.home")).resolve("lib/lib/main");
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(lib)) {
            files.filter(file -> file.getFileName().toString().startsWith("org.keycloak.keycloak-"))
                    .forEach(file -> jars.add(url(file)));
        }
        TreeSet<String> attributes = new TreeSet<>();
        try (URLClassLoader keycloak = new URLClassLoader(jars.toArray(URL[]::new), null)) {
            for (String className : CONSTANT_CLASSES) {
                Class<?> constants;
                try {
                    constants = Class.forName(className, false, keycloak);
                } catch (ClassNotFoundException notInThisVersion) {
                    continue;
                }
                for (Field field : constants.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                            && field.getName().matches(".*(GRANT_ENABLED|EXCHANGE_ENABLED|EXTERNAL_TOKEN_ENABLED"
                            + "|OID4VCI_ENABLED.*|USE_REFRESH_TOKEN_FOR_CLIENT_CREDENTIALS_GRANT)")) {
                        field.setAccessible(true);
                        attributes.add((String) field.get(null));
                    }
                }
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        return List.copyOf(attributes);
    }

    private static URL url(Path file) {
        try {
            return file.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theEnumerationFindsTheKnownGrantsOfThisVersion() throws IOException {
        List<String> attributes = grantAttributes();
        assertThat(attributes).contains("oauth2.device.authorization.grant.enabled", "oidc.ciba.grant.enabled",
                "standard.token.exchange.enabled", "client_credentials.use_refresh_token");
        if (KeycloakVersion.atLeast(26, 5)) {
            assertThat(attributes).contains("oauth2.jwt.authorization.grant.enabled");
        }
        if (KeycloakVersion.atLeast(26, 7)) {
            assertThat(attributes).contains("external.token.enabled");
        }
        System.out.println("Grant-enabling client attributes of Keycloak " + KeycloakVersion.current() + ": "
                + attributes);
    }

    @Test
    void theGuardRefusesEachOnTheAdminApiAndTheCredentialKeepsWorking() throws IOException {
        JsonNode created = credentials.createOk(orgId, "guarded", null);
        String clientId = created.get("clientId").asText();
        String[] basic = {clientId, created.get("clientSecret").asText()};
        String uuid = api.clientUuid(realm.name(), clientId);
        List<String> accepted = new ArrayList<>();
        for (String attribute : grantAttributes()) {
            ObjectNode client = (ObjectNode) api.adminGet(realm.name(), "/clients/" + uuid).json();
            client.with("attributes").put(attribute, "true");
            Http.Result update = Http.putJson(api.admin(realm.name(), "/clients/" + uuid), api.adminToken(), client);
            if (update.status() != 400) {
                accepted.add(attribute + " → " + update.status());
            }
        }
        assertThat(accepted).as("grant attributes the guard let through").isEmpty();
        JsonNode stored = api.adminGet(realm.name(), "/clients/" + uuid).json().get("attributes");
        for (String attribute : grantAttributes()) {
            assertThat(stored.path(attribute).asText("false")).as(attribute).isNotEqualTo("true");
        }
        assertThat(Http.postForm(api.tokenEndpoint(realm.name()), KeycloakApi.clientCredentials(null), basic)
                .status()).isEqualTo(200);
    }

    /** Behind the guard: straight into Keycloak's table (PostgreSQL and MariaDB; H2 runs inside Keycloak). */
    @Test
    void aCredentialWhoseClientCarriesOneGetsNoTokenAndSaysWhich() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(api.server().database().isReachableFromTests(),
                "the database is inside Keycloak");
        JsonNode created = credentials.createOk(orgId, "written-behind", null);
        String clientId = created.get("clientId").asText();
        String[] basic = {clientId, created.get("clientSecret").asText()};
        String uuid = api.clientUuid(realm.name(), clientId);
        for (String attribute : grantAttributes()) {
            execute("insert into CLIENT_ATTRIBUTES (CLIENT_ID, NAME, VALUE) values (?, ?, 'true')", uuid, attribute);
            clearCache();
            Http.Result token = Http.postForm(api.tokenEndpoint(realm.name()), KeycloakApi.clientCredentials(null),
                    basic);
            assertThat(token.status()).as(attribute).isEqualTo(401);
            JsonNode listed = credentials.get(orgId, clientId).json();
            assertThat(listed.get("status").asText()).as(attribute).isEqualTo("unusable");
            assertThat(listed.get("problem").asText()).as(attribute).contains(attribute + "=true");
            execute("delete from CLIENT_ATTRIBUTES where CLIENT_ID = ? and NAME = ?", uuid, attribute);
            clearCache();
            assertThat(Http.postForm(api.tokenEndpoint(realm.name()), KeycloakApi.clientCredentials(null), basic)
                    .status()).as("without " + attribute).isEqualTo(200);
        }
    }

    private void execute(String sql, String... parameters) throws Exception {
        try (Connection connection = api.server().database().connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private void clearCache() {
        KeycloakApi.expect(204, Http.postJson(api.admin(realm.name(), "/clear-realm-cache"), api.adminToken(), ""),
                "clear the realm cache");
    }
}
