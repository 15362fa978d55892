package io.orgcredentials.keycloak.usage;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's memory of when it last handed over a credential's use: a use is let through at most once per
 * credential and interval, by exactly one of any number of concurrent requests. The memory holds only what can
 * still hold a use back: an entry older than the interval is swept out (at most one sweep per interval, so the
 * token path pays for it about once an hour), and a deleted credential's entry goes at once ({@link #forget}).
 */
final class UseThrottle {

    /** Client uuid to the epoch second of the last use let through. */
    private final ConcurrentMap<String, Long> lastLetThrough = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE);

    /** Whether this use, at {@code second}, is the one to record. */
    boolean letThrough(String clientUuid, long second, long intervalSeconds) {
        if (intervalSeconds <= 0) {
            return true; // every use is recorded: nothing to remember
        }
        while (true) {
            Long earlier = lastLetThrough.get(clientUuid);
            if (earlier != null && second - earlier < intervalSeconds) {
                return false;
            }
            boolean won = earlier == null ? lastLetThrough.putIfAbsent(clientUuid, second) == null
                    : lastLetThrough.replace(clientUuid, earlier, second);
            if (won) {
                sweepIfDue(second, intervalSeconds);
                return true;
            }
            // Another request (or a sweep) changed the entry meanwhile: look again, so that exactly one wins.
        }
    }

    /** The credential is gone: nothing of it stays in memory. */
    void forget(String clientUuid) {
        lastLetThrough.remove(clientUuid);
    }

    /** How many credentials this node remembers (for tests). */
    int size() {
        return lastLetThrough.size();
    }

    private void sweepIfDue(long second, long intervalSeconds) {
        long previous = lastSweep.get();
        if (previous != Long.MIN_VALUE && second - previous < intervalSeconds) {
            return;
        }
        if (lastSweep.compareAndSet(previous, second)) {
            // An entry as old as the interval holds nothing back: the next use is let through with or without it.
            lastLetThrough.values().removeIf(letThrough -> second - letThrough >= intervalSeconds);
        }
    }
}
