package io.orgcredentials.keycloak.it.support;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The extension's admin API for one realm, called with a given admin token. */
public final class OrgCredentialsApi {

    private final KeycloakApi api;
    private final String realm;
    private final java.util.function.Supplier<String> token;

    public OrgCredentialsApi(KeycloakApi api, String realm, java.util.function.Supplier<String> token) {
        this.api = api;
        this.realm = realm;
        this.token = token;
    }

    public Http.Result create(String orgId, String name, Instant expiresAt) {
        ObjectNode body = Http.object().put("name", name);
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt.toString());
        }
        return Http.postJson(api.ext(realm, "/organizations/" + orgId + "/clients"), token.get(), body);
    }

    /** Creates a credential and returns the 201 body (with its clientSecret). */
    public JsonNode createOk(String orgId, String name, Instant expiresAt) {
        return KeycloakApi.expect(201, create(orgId, name, expiresAt), "create credential " + name).json();
    }

    public Http.Result createRaw(String orgId, String contentType, String body) {
        return Http.send(Http.request(api.ext(realm, "/organizations/" + orgId + "/clients"), token.get())
                .header("Content-Type", contentType)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Http.Result list(String orgId, String query) {
        return Http.get(api.ext(realm, "/organizations/" + orgId + "/clients" + (query == null ? "" : "?" + query)), token.get());
    }

    public Http.Result get(String orgId, String clientId) {
        return Http.get(api.ext(realm, "/organizations/" + orgId + "/clients/" + clientId), token.get());
    }

    public Http.Result delete(String orgId, String clientId) {
        return Http.delete(api.ext(realm, "/organizations/" + orgId + "/clients/" + clientId), token.get());
    }

    public Http.Result limit(String orgId) {
        return Http.get(api.ext(realm, "/organizations/" + orgId + "/limit"), token.get());
    }

    public Http.Result setLimit(String orgId, Object body) {
        return Http.putJson(api.ext(realm, "/organizations/" + orgId + "/limit"), token.get(), body);
    }
}
