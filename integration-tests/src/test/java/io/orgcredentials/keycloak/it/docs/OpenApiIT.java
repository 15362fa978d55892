package io.orgcredentials.keycloak.it.docs;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.orgcredentials.keycloak.it.support.ClientKeys;
import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;
import io.orgcredentials.keycloak.it.support.KeycloakExtension;
import io.orgcredentials.keycloak.it.support.TestRealm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description the jar serves is the one in the repository, and it describes what the server really
 * answers: every operation is called, and each answer's status and body are checked against the description.
 */
@ExtendWith(KeycloakExtension.class)
class OpenApiIT {

    private final KeycloakApi api;

    OpenApiIT(KeycloakApi api) {
        this.api = api;
    }

    @Test
    void theServedDescriptionIsTheShippedOneAndMatchesRealAnswers() throws Exception {
        try (TestRealm realm = TestRealm.create(api, "openapi")) {
            String token = realm.realmAdminToken();
            URI served = api.ext(realm.name(), "/openapi.yaml");
            Http.Result yaml = KeycloakApi.expect(200, Http.get(served, token), "openapi.yaml");
            assertThat(yaml.header("Content-Type")).startsWith("application/yaml");
            assertThat(yaml.body()).isEqualTo(Files.readString(Path.of(System.getProperty("openapi.file"))));
            OpenApiDescription description = new OpenApiDescription(yaml.body());
            description.check("GET", served, yaml);

            // Before the set-up: organizations are off.
            URI setup = api.ext(realm.name(), "/setup");
            description.check("GET", setup, Http.get(setup, token));
            URI clientsOfNobody = api.ext(realm.name(), "/organizations/nobody/clients");
            description.check("GET", clientsOfNobody, expect(409, Http.get(clientsOfNobody, token)));
            description.check("POST", setup, expect(200, Http.postJson(setup, token, "")));

            String orgId = api.createOrganization(realm.name(), "acme");
            String org = "/organizations/" + orgId;
            URI clients = api.ext(realm.name(), org + "/clients");
            Http.Result created = expect(201, Http.postJson(clients, token, Http.object().put("name", "ci")));
            description.check("POST", clients, created);
            description.check("POST", clients, expect(409, Http.postJson(clients, token, Http.object().put("name", "ci"))));
            description.check("POST", clients, expect(400, Http.postJson(clients, token, Http.object().put("name", ""))));
            description.check("GET", clients, expect(200, Http.get(clients, token)));
            description.check("GET", api.ext(realm.name(), org + "/clients?status=expired"),
                    expect(200, Http.get(api.ext(realm.name(), org + "/clients?status=expired"), token)));
            description.check("GET", api.ext(realm.name(), "/organizations/unknown/clients"),
                    expect(404, Http.get(api.ext(realm.name(), "/organizations/unknown/clients"), token)));

            String clientId = created.json().get("clientId").asText();
            String secret = created.json().get("clientSecret").asText();
            URI credential = api.ext(realm.name(), org + "/clients/" + clientId);
            description.check("GET", credential, expect(200, Http.get(credential, token)));

            URI limit = api.ext(realm.name(), org + "/limit");
            description.check("GET", limit, expect(200, Http.get(limit, token)));
            description.check("PUT", limit, expect(200, Http.putJson(limit, api.adminToken(),
                    Http.object().put("limit", 12))));
            api.createUser(realm.name(), "clients-admin", TestRealm.PASSWORD, "view-clients", "manage-clients");
            String clientsAdmin = api.userToken(realm.name(), "clients-admin", TestRealm.PASSWORD);
            description.check("PUT", limit, expect(403, Http.putJson(limit, clientsAdmin,
                    Http.object().put("limit", 12))));
            URI access = api.ext(realm.name(), org + "/access");
            description.check("GET", access, expect(200, Http.get(access, token)));
            URI rules = api.ext(realm.name(), org + "/rules");
            description.check("GET", rules, expect(200, Http.get(rules, token)));

            URI jsonToken = api.uri("/realms/" + realm.name() + "/org-client-credentials/token");
            Map<String, String> body = Map.of("grant_type", "client_credentials", "client_id", clientId,
                    "client_secret", secret);
            description.check("POST", jsonToken, expect(200, Http.postJson(jsonToken, null, body)));
            description.check("POST", jsonToken, expect(401, Http.postJson(jsonToken, null,
                    Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", "wrong"))));
            description.check("POST", jsonToken, expect(400, Http.postJson(jsonToken, null,
                    Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret,
                            "scope", "openid"))));

            URI rotate = api.ext(realm.name(), org + "/clients/" + clientId + "/rotate-secret");
            description.check("POST", rotate, expect(201, Http.postJson(rotate, token,
                    Http.object().put("previousSecretValidFor", "PT1H"))));
            description.check("POST", rotate, expect(400, Http.postJson(rotate, token,
                    Http.object().put("previousSecretValidFor", "P30D"))));
            // Now with previousSecretExpiresAt (and lastUsedAt once the token above is recorded).
            description.check("GET", credential, expect(200, Http.get(credential, token)));

            // The members' API, as a member of acme with the manager role, through the self-service client.
            String memberId = api.createUser(realm.name(), "acme-member", TestRealm.PASSWORD);
            api.addMember(realm.name(), orgId, memberId);
            api.nameManager(realm.name(), orgId, memberId);
            String member = api.portalToken(realm.name(), "acme-member", TestRealm.PASSWORD);
            URI myOrganizations = api.uri("/realms/" + realm.name() + "/org-client-credentials/organizations");
            description.check("GET", myOrganizations, expect(200, Http.get(myOrganizations, member)));
            description.check("GET", myOrganizations, expect(401, Http.get(myOrganizations, null)));
            String memberOrg = "/realms/" + realm.name() + "/org-client-credentials/organizations/" + orgId;
            URI memberClients = api.uri(memberOrg + "/clients");
            Http.Result memberCreated = expect(201, Http.postJson(memberClients, member,
                    Http.object().put("name", "by-member")));
            description.check("POST", memberClients, memberCreated);
            description.check("GET", memberClients, expect(200, Http.get(memberClients, member)));
            URI memberCredential = api.uri(memberOrg + "/clients/" + memberCreated.json().get("clientId").asText());
            description.check("GET", memberCredential, expect(200, Http.get(memberCredential, member)));
            URI memberRotate = api.uri(memberOrg + "/clients/" + memberCreated.json().get("clientId").asText()
                    + "/rotate-secret");
            description.check("POST", memberRotate, expect(201, Http.send(Http.request(memberRotate, member)
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build())));
            URI memberLimit = api.uri(memberOrg + "/limit");
            description.check("GET", memberLimit, expect(200, Http.get(memberLimit, member)));
            description.check("PUT", memberLimit, expect(403, Http.putJson(memberLimit, member,
                    Http.object().put("limit", 12))));
            URI memberAccess = api.uri(memberOrg + "/access");
            description.check("GET", memberAccess, expect(200, Http.get(memberAccess, member)));
            URI memberRules = api.uri(memberOrg + "/rules");
            description.check("GET", memberRules, expect(200, Http.get(memberRules, member)));
            URI memberManagers = api.uri(memberOrg + "/managers");
            description.check("GET", memberManagers, expect(200, Http.get(memberManagers, member)));
            URI memberManager = api.uri(memberOrg + "/managers/" + memberId);
            description.check("PUT", memberManager, expect(403, Http.send(Http.request(memberManager, member)
                    .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).build())));
            description.check("DELETE", memberManager, expect(403, Http.delete(memberManager, member)));
            description.check("DELETE", memberCredential, expect(204, Http.delete(memberCredential, member)));
            description.check("DELETE", memberCredential, expect(404, Http.delete(memberCredential, member)));

            description.check("DELETE", credential, expect(204, Http.delete(credential, token)));
            description.check("DELETE", credential, expect(404, Http.delete(credential, token)));

            // A credential with a public key, and its keys, in both APIs.
            ClientKeys firstKey = ClientKeys.ec(com.nimbusds.jose.jwk.Curve.P_256);
            Http.Result keyCreated = expect(201, Http.postJson(clients, token,
                    firstKey.jwksField().put("name", "with-key")));
            description.check("POST", clients, keyCreated);
            URI keys = api.ext(realm.name(), org + "/clients/" + keyCreated.json().get("clientId").asText() + "/keys");
            Http.Result keyAdded = expect(201, Http.postJson(keys, token, ClientKeys.rsa(2048).jwksField()));
            description.check("POST", keys, keyAdded);
            description.check("POST", keys, expect(409, Http.postJson(keys, token, ClientKeys.rsa(2048).jwksField())));
            description.check("POST", keys, expect(400, Http.postJson(keys, token, Http.object()
                    .put("publicKeyPem", "not a key"))));
            URI firstKid = URI.create(keys + "/" + keyCreated.json().get("keys").get(0).get("kid").asText());
            description.check("DELETE", firstKid, expect(204, Http.delete(firstKid, token)));
            URI lastKid = URI.create(keys + "/" + keyAdded.json().get("keys").get(1).get("kid").asText());
            description.check("DELETE", lastKid, expect(409, Http.delete(lastKid, token)));
            description.check("DELETE", firstKid, expect(404, Http.delete(firstKid, token)));
            Http.Result memberKeyCreated = expect(201, Http.postJson(memberClients, member,
                    ClientKeys.ed25519().jwksField().put("name", "member-key")));
            description.check("POST", memberClients, memberKeyCreated);
            URI memberKeys = api.uri(memberOrg + "/clients/" + memberKeyCreated.json().get("clientId").asText()
                    + "/keys");
            Http.Result memberKeyAdded = expect(201, Http.postJson(memberKeys, member,
                    Http.object().put("publicKeyPem", ClientKeys.rsa(2048).publicPem())));
            description.check("POST", memberKeys, memberKeyAdded);
            URI memberKid = URI.create(memberKeys + "/" + memberKeyAdded.json().get("keys").get(0).get("kid").asText());
            description.check("DELETE", memberKid, expect(204, Http.delete(memberKid, member)));

            URI managers = api.ext(realm.name(), org + "/managers");
            description.check("GET", managers, expect(200, Http.get(managers, token)));
            URI manager = api.ext(realm.name(), org + "/managers/" + memberId);
            description.check("DELETE", manager, expect(204, Http.delete(manager, token)));
            description.check("DELETE", manager, expect(404, Http.delete(manager, token)));
            description.check("PUT", manager, expect(204, Http.send(Http.request(manager, token)
                    .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).build())));
            URI notAMember = api.ext(realm.name(), org + "/managers/" + api.createUser(realm.name(), "elsewhere",
                    TestRealm.PASSWORD));
            description.check("PUT", notAMember, expect(400, Http.send(Http.request(notAMember, token)
                    .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).build())));

            URI hashKeys = api.ext(realm.name(), "/hash-keys");
            description.check("GET", hashKeys, expect(200, Http.get(hashKeys, token)));
            Http.Result newKey = expect(201, Http.postJson(hashKeys, token, ""));
            description.check("POST", hashKeys, newKey);
            URI unused = api.ext(realm.name(), "/hash-keys/" + newKey.json().get("kid").asText());
            description.check("DELETE", unused, expect(204, Http.delete(unused, token)));
            description.check("DELETE", unused, expect(404, Http.delete(unused, token)));

            assertThat(description.checked()).as("operations called").isEqualTo(description.operations());
        }
    }

    private static Http.Result expect(int status, Http.Result result) {
        return KeycloakApi.expect(status, result, "call");
    }
}
