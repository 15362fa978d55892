package io.orgcredentials.keycloak.bench;

import java.net.http.HttpRequest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakApi;

/**
 * SQL statements per token request for a credential (A) and a plain client (B): each side alone, one request at a
 * time, counted by {@link DatabaseStatements} between a reset and a read. Steady state (the same client again and
 * again), a client's first, second and third token in a large realm, and a token right after Keycloak's realm and
 * user caches were cleared.
 */
final class TokenStatements {

    /** What a batch of token requests made the database do. */
    record Count(int tokens, Map<String, DatabaseStatements.Usage> usage) {

        double perToken() {
            return (double) DatabaseStatements.calls(usage) / tokens;
        }

        double millisPerToken() {
            return DatabaseStatements.millis(usage) / tokens;
        }

        Count plus(Count other) {
            Map<String, DatabaseStatements.Usage> sum = new LinkedHashMap<>(usage);
            other.usage.forEach((query, use) -> sum.merge(query, use, DatabaseStatements.Usage::plus));
            return new Count(tokens + other.tokens, sum);
        }
    }

    /** One line of the table: a case, and its count on each side. */
    record Row(String situation, Count credential, Count plain) {
    }

    private final KeycloakApi api;
    private final DatabaseStatements statements;

    TokenStatements(KeycloakApi api, DatabaseStatements statements) {
        this.api = api;
        this.statements = statements;
    }

    /** The same request {@code times} times, after a few unmeasured ones that bring its client into the caches. */
    Count steady(HttpRequest request, int times) throws SQLException {
        for (int i = 0; i < 20; i++) {
            send(request);
        }
        return count(Collections.nCopies(times, request));
    }

    /** Each request once, in order. */
    Count count(List<HttpRequest> requests) throws SQLException {
        statements.reset();
        for (HttpRequest request : requests) {
            send(request);
        }
        return new Count(requests.size(), statements.read());
    }

    /** One token of each side right after both of Keycloak's caches were cleared, {@code times} times each. */
    Row afterClearedCaches(String realm, HttpRequest credential, HttpRequest plain, int times) throws SQLException {
        Count a = new Count(0, Map.of());
        Count b = new Count(0, Map.of());
        for (int i = 0; i < times; i++) {
            clearCaches(realm);
            a = a.plus(count(List.of(credential)));
            clearCaches(realm);
            b = b.plus(count(List.of(plain)));
        }
        return new Row("first token after Keycloak's realm and user caches were cleared (" + times + " each)", a, b);
    }

    void clearCaches(String realm) {
        String token = api.adminToken();
        KeycloakApi.expect(204, Http.postJson(api.admin(realm, "/clear-realm-cache"), token, Http.object()),
                "clear the realm cache");
        KeycloakApi.expect(204, Http.postJson(api.admin(realm, "/clear-user-cache"), token, Http.object()),
                "clear the user cache");
    }

    /** The statements a credential's tokens ran more often than a plain client's, per token, most first. */
    static List<String> extraStatements(Count credential, Count plain, int limit) {
        List<Map.Entry<String, Double>> extra = new ArrayList<>();
        credential.usage().forEach((query, use) -> {
            DatabaseStatements.Usage other = plain.usage().get(query);
            double more = (double) use.calls() / credential.tokens()
                    - (other == null ? 0.0 : (double) other.calls() / plain.tokens());
            if (more > 0.005) {
                extra.add(Map.entry(query, more));
            }
        });
        extra.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        return extra.stream().limit(limit).map(e -> String.format("| %.2f | `%s` |", e.getValue(),
                shorten(e.getKey()))).toList();
    }

    /** The statements of a count, per token, most first: "0.50 × `select ...`, ...", or "none". */
    static String listed(Count count) {
        List<String> parts = count.usage().entrySet().stream()
                .sorted((x, y) -> Long.compare(y.getValue().calls(), x.getValue().calls()))
                .filter(e -> (double) e.getValue().calls() / count.tokens() >= 0.005)
                .limit(5)
                .map(e -> String.format("%.2f × `%s`", (double) e.getValue().calls() / count.tokens(),
                        shorten(e.getKey())))
                .toList();
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    static String shorten(String query) {
        String oneLine = query.replace("|", "\\|").replace("`", "'");
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 157) + "...";
    }

    private static void send(HttpRequest request) {
        Http.Result result = Http.send(request);
        if (result.status() != 200) {
            throw new IllegalStateException("token request failed: " + result);
        }
    }
}
