package io.orgcredentials.keycloak.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small API that trusts the realm's tokens as any OIDC resource server would: {@code GET /api/<name>} answers
 * 200 when the token is valid and grants {@code <name>} (in both {@code aud} and {@code scope}), 401 for a
 * missing or invalid token, and 403 for an API outside the granted scopes, with the NGINXaaS error body.
 */
public final class ResourceServer implements AutoCloseable {

    private final HttpServer server;

    public ResourceServer(TokenVerifier verifier) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/", exchange -> handle(exchange, verifier));
        server.start();
    }

    public URI api(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/" + name);
    }

    private static void handle(HttpExchange exchange, TokenVerifier verifier) throws IOException {
        String api = exchange.getRequestURI().getPath().substring("/api/".length());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            respond(exchange, 401, "{\"error\":\"unauthorized\",\"error_description\":\"token is missing\"}");
            return;
        }
        JWTClaimsSet claims;
        try {
            claims = verifier.verify(authorization.substring("Bearer ".length()));
        } catch (Exception invalid) {
            respond(exchange, 401, "{\"error\":\"unauthorized\",\"error_description\":\"token is expired/invalid\"}");
            return;
        }
        String scope = (String) claims.getClaim("scope");
        List<String> scopes = scope == null ? List.of() : Arrays.asList(scope.split(" "));
        if (!claims.getAudience().contains(api) || !scopes.contains(api)) {
            respond(exchange, 403, "{\"error\":\"forbidden\",\"error_description\":"
                    + "\"Client credentials do not have permission to access this resource\"}");
            return;
        }
        respond(exchange, 200, "{\"api\":\"" + api + "\",\"organization\":\"" + claims.getClaim("organization") + "\"}");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
