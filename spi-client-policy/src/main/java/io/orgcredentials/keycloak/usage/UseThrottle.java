package io.orgcredentials.keycloak.usage;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * This node's memory of when it last handed over a credential's use: a use is let through at most once per
 * credential and interval, by exactly one of any number of concurrent requests.
 */
final class UseThrottle {

    /** Client uuid to the epoch second of the last use let through. */
    private final ConcurrentMap<String, Long> lastLetThrough = new ConcurrentHashMap<>();

    /** Whether this use, at {@code second}, is the one to record. */
    boolean letThrough(String clientUuid, long second, long intervalSeconds) {
        Long earlier = lastLetThrough.get(clientUuid);
        if (earlier != null && second - earlier < intervalSeconds) {
            return false;
        }
        return earlier == null ? lastLetThrough.putIfAbsent(clientUuid, second) == null
                : lastLetThrough.replace(clientUuid, earlier, second);
    }
}
