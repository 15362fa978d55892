package io.orgcredentials.keycloak.it.guard;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.orgcredentials.keycloak.it.support.CredentialsApi;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.TestRealm;
import io.orgcredentials.keycloak.it.support.TokenVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.orgcredentials.keycloak.it.support.KeycloakApi.clientCredentials;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every generic Keycloak admin path that could change a credential: after each, the credential's expiry,
 * organization and token contents are what they were at creation, or the credential gets no token at all.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GenericAdminPathsIT {

    private final KeycloakApi api;
    private TestRealm realm;
    private CredentialsApi credentials;
    private TokenVerifier verifier;
    private String orgId;

    private String clientId;
    private String secret;
    private String uuid;
    private Instant expiresAt;

    GenericAdminPathsIT(KeycloakApi api) {
        this.api = api;
    }

    @BeforeAll
    void createRealm() {
        realm = TestRealm.createReady(api, "guard");
        credentials = new CredentialsApi(api, realm.name(), realm::realmAdminToken);
        verifier = TokenVerifier.forRealm(api, realm.name());
        orgId = api.createOrganization(realm.name(), "acme");
        KeycloakApi.expect(200, credentials.setLimit(orgId, Http.object().put("limit", 100)), "raise limit");
    }

    @AfterAll
    void deleteRealm() {
        realm.close();
    }

    @BeforeEach
    void newCredential() {
        expiresAt = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        JsonNode created = credentials.createOk(orgId, "guarded-" + System.nanoTime(), expiresAt);
        clientId = created.get("clientId").asText();
        secret = created.get("clientSecret").asText();
        uuid = api.clientUuid(realm.name(), clientId);
        assertTokenAsCreated();
    }

    private ObjectNode clientRep() {
        return (ObjectNode) api.adminGet(realm.name(), "/clients/" + uuid).json();
    }

    private Http.Result putClient(ObjectNode rep) {
        return Http.putJson(api.admin(realm.name(), "/clients/" + uuid), api.adminToken(), rep);
    }

    private Http.Result token() {
        return Http.postForm(api.tokenEndpoint(realm.name()), clientCredentials(null), new String[]{clientId, secret});
    }

    /** The token is exactly what the credential gave at creation. */
    private void assertTokenAsCreated() {
        Http.Result response = token();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        try {
            JWTClaimsSet claims = verifier.verify(response.json().get("access_token").asText());
            assertThat(claims.getAudience()).containsExactlyInAnyOrder("deployments", "configs", "certificates");
            assertThat(claims.getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("deployments", "configs", "certificates");
            assertThat(claims.getStringListClaim("organization")).containsExactly("acme");
            assertThat(claims.getExpirationTime().toInstant()).isBeforeOrEqualTo(expiresAt);
            assertThat(claims.getClaims().keySet()).doesNotContain("realm_access", "resource_access", "email", "admin");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        JsonNode listed = credentials.get(orgId, clientId).json();
        assertThat(listed.get("expiresAt").asText()).isEqualTo(expiresAt.toString());
        assertThat(listed.get("organization").get("id").asText()).isEqualTo(orgId);
        assertThat(listed.get("status").asText()).isEqualTo("active");
    }

    /** The extension refuses the credential's secret: exactly Keycloak's answer for a wrong secret. */
    private void assertNoTokenAndListedUnusable() {
        assertNoTokenAndListedUnusable("invalid_client");
    }

    /**
     * No token, whichever authenticator the client now names: {@code invalid_client} from the extension's,
     * {@code unauthorized_client} from Keycloak's own client-secret authenticator (an import that switched it).
     */
    private void assertNoTokenAndListedUnusable(String error) {
        Http.Result response = token();
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.json().get("error").asText()).as(response.toString()).isEqualTo(error);
        JsonNode listed = credentials.get(orgId, clientId).json();
        assertThat(listed.get("status").asText()).as(listed.toString()).isEqualTo("unusable");
    }

    private static void assertRefused(Http.Result result, String mentioning) {
        assertThat(result.status()).as(result.toString()).isEqualTo(400);
        assertThat(result.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(result.json().get("error_description").asText()).contains(mentioning);
    }

    @Test
    void putWithAChangedExpiryIsRefused() {
        ObjectNode rep = clientRep();
        ((ObjectNode) rep.get("attributes")).put("org-client-credentials.expires-at",
                Long.toString(expiresAt.plus(3650, ChronoUnit.DAYS).getEpochSecond()));
        assertRefused(putClient(rep), "expires-at");
        assertTokenAsCreated();
    }

    @Test
    void putWithAnotherOrganizationIsRefused() {
        String other = api.createOrganization(realm.name(), "other-" + System.nanoTime() % 100000);
        ObjectNode rep = clientRep();
        ((ObjectNode) rep.get("attributes")).put("org-client-credentials.organization-id", other);
        assertRefused(putClient(rep), "organization-id");
        assertTokenAsCreated();
    }

    @Test
    void putWithAnotherAuthenticatorIsRefused() {
        ObjectNode rep = clientRep().put("clientAuthenticatorType", "client-secret").put("secret", "known-secret");
        assertRefused(putClient(rep), "client authenticator");
        assertTokenAsCreated();
        Http.Result withKnown = Http.postForm(api.tokenEndpoint(realm.name()), clientCredentials(null),
                new String[]{clientId, "known-secret"});
        assertThat(withKnown.status()).isEqualTo(401);
    }

    @Test
    void putThatTurnsOffTheServiceAccountIsRefused() {
        assertRefused(putClient(clientRep().put("serviceAccountsEnabled", false)), "service-account");
        assertRefused(putClient(clientRep().put("publicClient", true)), "service-account");
        assertRefused(putClient(clientRep().put("fullScopeAllowed", true)), "role scope");
        assertTokenAsCreated();
    }

    @Test
    void putWithOtherClientScopesIsRefused() {
        ObjectNode rep = clientRep();
        ArrayNode scopes = rep.putArray("defaultClientScopes");
        scopes.add("basic").add("deployments").add("configs").add("certificates").add("email").add("service_account");
        assertRefused(putClient(rep), "client scopes");
        assertTokenAsCreated();
    }

    @Test
    void harmlessChangesAreAllowed() {
        assertThat(putClient(clientRep().put("description", "used by the nightly pipeline")).status()).isEqualTo(204);
        assertTokenAsCreated();
        // Disabling is allowed and stops tokens; enabling again restores them.
        assertThat(putClient(clientRep().put("enabled", false)).status()).isEqualTo(204);
        assertThat(token().status()).isEqualTo(401);
        assertThat(putClient(clientRep().put("enabled", true)).status()).isEqualTo(204);
        assertTokenAsCreated();
    }

    @Test
    void regeneratingTheSecretIsRefused() {
        Http.Result regenerate = Http.postJson(api.admin(realm.name(), "/clients/" + uuid + "/client-secret"),
                api.adminToken(), "");
        assertRefused(regenerate, "delete the credential");
        JsonNode stored = api.adminGet(realm.name(), "/clients/" + uuid + "/client-secret").json();
        assertThat(stored.path("value").isMissingNode() || stored.path("value").isNull()).as(stored.toString()).isTrue();
        assertTokenAsCreated();
    }

    @Test
    void genericCreationOfCredentialShapedClientsIsRefused() {
        ObjectNode byAttributes = Http.object().put("clientId", "forged-" + System.nanoTime()).put("publicClient", false)
                .put("serviceAccountsEnabled", true);
        byAttributes.putObject("attributes").put("org-client-credentials.organization-id", orgId)
                .put("org-client-credentials.expires-at", "4102444800");
        assertRefused(Http.postJson(api.admin(realm.name(), "/clients"), api.adminToken(), byAttributes), "created only through");
        assertThat(api.adminGet(realm.name(), "/clients?clientId=" + byAttributes.get("clientId").asText()).json()).isEmpty();

        ObjectNode byAuthenticator = Http.object().put("clientId", "forged-auth-" + System.nanoTime())
                .put("publicClient", false).put("serviceAccountsEnabled", true)
                .put("clientAuthenticatorType", "org-client-credential");
        assertRefused(Http.postJson(api.admin(realm.name(), "/clients"), api.adminToken(), byAuthenticator), "created only through");
    }

    @Test
    void assigningAnotherClientScopeStopsTokensUntilItIsRemoved() {
        String email = scopeId("email");
        KeycloakApi.expect(204, Http.putJson(api.admin(realm.name(), "/clients/" + uuid + "/default-client-scopes/" + email),
                api.adminToken(), ""), "assign email");
        assertNoTokenAndListedUnusable();
        assertThat(credentials.get(orgId, clientId).json().get("problem").asText()).contains("email");
        KeycloakApi.expect(204, Http.delete(api.admin(realm.name(), "/clients/" + uuid + "/default-client-scopes/" + email),
                api.adminToken()), "remove email");

        assertTokenAsCreated();

        // An optional scope outside the set cannot reach a token: asking for it is refused, and tokens stay as they were.
        String roles = scopeId("roles");
        KeycloakApi.expect(204, Http.putJson(api.admin(realm.name(), "/clients/" + uuid + "/optional-client-scopes/" + roles),
                api.adminToken(), ""), "assign roles");
        assertTokenAsCreated();
        Http.Result asked = Http.postForm(api.tokenEndpoint(realm.name()), clientCredentials("roles"), new String[]{clientId, secret});
        assertThat(asked.status()).isEqualTo(400);
        assertThat(asked.json().get("error").asText()).isEqualTo("invalid_scope");
        KeycloakApi.expect(204, Http.delete(api.admin(realm.name(), "/clients/" + uuid + "/optional-client-scopes/" + roles),
                api.adminToken()), "remove roles");
        assertTokenAsCreated();
    }

    @Test
    void addingAMapperToTheClientStopsTokensUntilItIsRemoved() {
        Http.Result added = addHardcodedClaimMapper("/clients/" + uuid, "organization", "globex");
        assertNoTokenAndListedUnusable();
        String location = added.header("Location");
        KeycloakApi.expect(204, Http.delete(java.net.URI.create(location), api.adminToken()), "remove mapper");
        assertTokenAsCreated();
    }

    @Test
    void aMapperOnASharedResourceScopeCannotAddClaims() {
        String deployments = scopeId("deployments");
        Http.Result added = addHardcodedClaimMapper("/client-scopes/" + deployments, "admin", "true");
        try {
            assertTokenAsCreated(); // checks the "admin" claim is absent
        } finally {
            Http.delete(java.net.URI.create(added.header("Location")), api.adminToken());
        }
    }

    @Test
    void aPartialImportThatChangesTheExpiryLeavesNoUsableCredential() {
        ObjectNode rep = clientRep();
        ((ObjectNode) rep.get("attributes")).put("org-client-credentials.expires-at",
                Long.toString(expiresAt.plus(3650, ChronoUnit.DAYS).getEpochSecond()));
        partialImport(rep);
        assertNoTokenAndListedUnusable();
        JsonNode list = credentials.list(orgId, null).json();
        assertThat(list.isArray()).as(list.toString()).isTrue();
        assertThat(names(list)).contains(clientId);
    }

    @Test
    void aPartialImportThatReCreatesTheClientUnchangedLeavesNoUsableCredential() {
        partialImport(clientRep());
        assertNoTokenAndListedUnusable();
    }

    @Test
    void aPartialImportThatStripsTheAuthenticatorLeavesNoUsableCredential() {
        ObjectNode rep = clientRep().put("clientAuthenticatorType", "client-secret").put("secret", "imported-secret");
        partialImport(rep);
        Http.Result withImported = Http.postForm(api.tokenEndpoint(realm.name()), clientCredentials(null),
                new String[]{clientId, "imported-secret"});
        // Even with the imported secret there is no token: the import re-created the client without its
        // service-account user, and Keycloak's own client_credentials grant refuses such a client.
        assertThat(withImported.status()).as(withImported.toString()).isEqualTo(401);
        assertThat(withImported.json().has("access_token")).isFalse();
        assertThat(withImported.json().get("error_description").asText()).as(withImported.toString())
                .isEqualTo("The associated service account for the client does not exist");
        assertNoTokenAndListedUnusable("unauthorized_client");
    }

    /** A mapper that puts {@code claim: value} into access tokens, on a client or a client scope. */
    /**
     * The stored value is keyed with one of the realm's hash keys, which it names (v3), not a digest anyone with the
     * attributes could recompute; and the attributes carry a seal under the same key.
     */
    @Test
    void theStoredHashIsKeyedByTheServer() {
        JsonNode attributes = clientRep().get("attributes");
        String kid = Http.get(api.ext(realm.name(), "/hash-keys"), api.adminToken()).json().get(0).get("kid").asText();
        String hash = attributes.get("org-client-credentials.secret-hash").asText();
        assertThat(hash).startsWith("v3:" + kid + ":").doesNotContain(secret);
        assertThat(hash.substring(("v3:" + kid + ":").length())).matches("[A-Za-z0-9_-]{43}");
        assertThat(attributes.get("org-client-credentials.seal").asText()).matches(kid + ":[A-Za-z0-9_-]{43}");
    }

    /** Security review row 1: roles given to a credential stop its tokens, and no credential token is an admin's. */
    @Test
    void rolesGivenToACredentialStopItsTokensAndItsTokensNeverReachTheAdminApi() {
        String before = token().json().get("access_token").asText();
        String serviceAccount = api.adminGet(realm.name(), "/clients/" + uuid + "/service-account-user").json()
                .get("id").asText();
        String realmManagement = api.clientUuid(realm.name(), "realm-management");
        JsonNode viewUsers = api.adminGet(realm.name(), "/clients/" + realmManagement + "/roles/view-users").json();
        ArrayNode roles = Http.array().add(viewUsers);
        KeycloakApi.expect(204, Http.postJson(api.admin(realm.name(), "/users/" + serviceAccount
                + "/role-mappings/clients/" + realmManagement), api.adminToken(), roles), "grant view-users");
        KeycloakApi.expect(204, Http.postJson(api.admin(realm.name(), "/clients/" + uuid + "/scope-mappings/clients/"
                + realmManagement), api.adminToken(), roles), "scope mapping");

        Http.Result refused = token();
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(refused.json().get("error_description").asText()).contains("role");
        JsonNode listed = credentials.get(orgId, clientId).json();
        assertThat(listed.get("status").asText()).isEqualTo("unusable");
        assertThat(listed.get("problem").asText()).contains("role");
        // A token issued before the grant, now that the database says view-users: Keycloak's admin API refuses it,
        // because a credential token's subject is the credential, not a user.
        Http.Result users = Http.get(api.admin(realm.name(), "/users"), before);
        assertThat(users.status()).as(users.toString()).isEqualTo(401);

        KeycloakApi.expect(204, Http.send(Http.request(api.admin(realm.name(), "/clients/" + uuid
                + "/scope-mappings/clients/" + realmManagement), api.adminToken())
                .header("Content-Type", "application/json")
                .method("DELETE", java.net.http.HttpRequest.BodyPublishers.ofString(roles.toString())).build()),
                "remove scope mapping");
        assertThat(token().status()).isEqualTo(401); // the service account still holds the role
        KeycloakApi.expect(204, Http.send(Http.request(api.admin(realm.name(), "/users/" + serviceAccount
                + "/role-mappings/clients/" + realmManagement), api.adminToken())
                .header("Content-Type", "application/json")
                .method("DELETE", java.net.http.HttpRequest.BodyPublishers.ofString(roles.toString())).build()),
                "remove role");
        assertTokenAsCreated();
        String after = token().json().get("access_token").asText();
        assertThat(Http.get(api.admin(realm.name(), "/users"), after).status()).isEqualTo(401);
    }

    /** Security review row 2: refresh tokens (and a stored session per request) cannot be switched on. */
    @Test
    void refreshTokensCannotBeSwitchedOn() {
        ObjectNode rep = clientRep();
        ((ObjectNode) rep.get("attributes")).put("client_credentials.use_refresh_token", "true");
        assertRefused(putClient(rep), "client_credentials.use_refresh_token");
        Http.Result response = token();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().has("refresh_token")).isFalse();
        // Where no client policy fires (a partial import, which re-creates the client), the token path refuses.
        partialImport(rep);
        assertNoTokenAndListedUnusable();
    }

    /** Security review row 5: Dynamic Client Registration is guarded like the admin API. */
    @Test
    void dynamicClientRegistrationCannotChangeACredential() {
        String registrationToken = Http.postJson(api.admin(realm.name(), "/clients/" + uuid + "/registration-access-token"),
                api.adminToken(), "").json().get("registrationAccessToken").asText();
        java.net.URI registration = api.uri("/realms/" + realm.name() + "/clients-registrations/default/" + clientId);
        // Keycloak hands out a new registration access token with every answer; each call uses the latest.
        ObjectNode rep = (ObjectNode) KeycloakApi.expect(200, Http.get(registration, registrationToken), "DCR read").json();
        registrationToken = rep.get("registrationAccessToken").asText();
        rep.put("clientAuthenticatorType", "client-secret").put("secret", "chosen-by-the-admin");
        // Keycloak's registration endpoint answers every client-policy refusal with 403 insufficient_scope.
        Http.Result update = Http.putJson(registration, registrationToken, rep);
        assertThat(update.status()).as(update.toString()).isEqualTo(403);
        assertThat(update.json().get("error").asText()).isEqualTo("insufficient_scope");

        ObjectNode longer = (ObjectNode) KeycloakApi.expect(200, Http.get(registration, registrationToken), "DCR read").json();
        registrationToken = longer.get("registrationAccessToken").asText();
        ((ObjectNode) longer.get("attributes")).put("org-client-credentials.expires-at",
                String.valueOf(expiresAt.plus(300, ChronoUnit.DAYS).getEpochSecond()));
        Http.Result extend = Http.putJson(registration, registrationToken, longer);
        assertThat(extend.status()).as(extend.toString()).isEqualTo(403);
        assertThat(extend.json().get("error").asText()).isEqualTo("insufficient_scope");
        // The control: a harmless change through the same endpoint and token goes through, so the two refusals
        // above are the guard's.
        ObjectNode harmless = (ObjectNode) KeycloakApi.expect(200, Http.get(registration, registrationToken), "DCR read").json();
        registrationToken = harmless.get("registrationAccessToken").asText();
        harmless.put("description", "changed through registration");
        Http.Result allowed = Http.putJson(registration, registrationToken, harmless);
        assertThat(allowed.status()).as(allowed.toString()).isEqualTo(200);
        assertTokenAsCreated();
        assertThat(Http.postForm(api.tokenEndpoint(realm.name()), clientCredentials(null),
                new String[]{clientId, "chosen-by-the-admin"}).status()).isEqualTo(401);
    }

    private Http.Result addHardcodedClaimMapper(String owner, String claim, String value) {
        ObjectNode mapper = Http.object().put("name", "hardcoded-" + claim).put("protocol", "openid-connect")
                .put("protocolMapper", "oidc-hardcoded-claim-mapper");
        mapper.putObject("config").put("claim.name", claim).put("claim.value", value)
                .put("jsonType.label", "String").put("access.token.claim", "true");
        return KeycloakApi.expect(201, Http.postJson(api.admin(realm.name(), owner + "/protocol-mappers/models"),
                api.adminToken(), mapper), "add mapper to " + owner);
    }

    private void partialImport(ObjectNode client) {
        ObjectNode body = Http.object().put("ifResourceExists", "OVERWRITE");
        body.putArray("clients").add(client);
        KeycloakApi.expect(200, Http.postJson(api.admin(realm.name(), "/partialImport"), api.adminToken(), body),
                "partial import");
    }

    private String scopeId(String name) {
        for (JsonNode scope : api.adminGet(realm.name(), "/client-scopes").json()) {
            if (scope.get("name").asText().equals(name)) {
                return scope.get("id").asText();
            }
        }
        throw new AssertionError("no client scope " + name);
    }

    private static List<String> names(JsonNode list) {
        java.util.ArrayList<String> ids = new java.util.ArrayList<>();
        list.forEach(c -> ids.add(c.get("clientId").asText()));
        return ids;
    }
}
