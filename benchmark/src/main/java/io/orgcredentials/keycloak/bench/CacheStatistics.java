package io.orgcredentials.keycloak.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.orgcredentials.keycloak.it.support.Http;
import io.orgcredentials.keycloak.it.support.KeycloakServer;

/**
 * Keycloak's local caches as its {@code /metrics} shows them (built with {@code --metrics-enabled=true}): entries,
 * hits and misses of the realms and users caches, the two a token request reads from.
 */
record CacheStatistics(Map<String, Double> values) {

    static final String REALMS = "realms";
    static final String USERS = "users";

    private static final Pattern LINE = Pattern.compile(
            "^vendor_statistics_(approximate_entries|hit_times_seconds_count|miss_times_seconds_count)\\{([^}]*)} (\\S+)$",
            Pattern.MULTILINE);
    private static final Pattern CACHE = Pattern.compile("cache=\"([^\"]+)\"");

    static CacheStatistics read(KeycloakServer server) {
        Http.Result metrics = Http.get(server.managementUri("/metrics"), null);
        Map<String, Double> values = new HashMap<>();
        if (metrics.status() != 200) {
            return new CacheStatistics(values);
        }
        Matcher line = LINE.matcher(metrics.body());
        while (line.find()) {
            Matcher cache = CACHE.matcher(line.group(2));
            if (cache.find()) {
                values.merge(cache.group(1) + "/" + line.group(1), Double.parseDouble(line.group(3)), Double::sum);
            }
        }
        return new CacheStatistics(values);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    double entries(String cache) {
        return values.getOrDefault(cache + "/approximate_entries", Double.NaN);
    }

    double misses(String cache) {
        return values.getOrDefault(cache + "/miss_times_seconds_count", Double.NaN);
    }

    double hits(String cache) {
        return values.getOrDefault(cache + "/hit_times_seconds_count", Double.NaN);
    }
}
