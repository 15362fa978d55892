package io.orgcredentials.keycloak.it.support;

import java.time.Duration;
import java.time.Instant;

import static org.awaitility.Awaitility.await;

/**
 * Waiting for a moment of the clock that Keycloak and the tests share (one machine): the distribution serves no
 * endpoint to move Keycloak's clock, so a test that needs a credential expired or a grace over waits for that instant,
 * polling, rather than sleeping a computed time.
 */
public final class TestClock {

    private TestClock() {
    }

    /** Returns once {@code instant} has passed on the shared clock (and Keycloak's whole-second clock with it). */
    public static void awaitPast(Instant instant) {
        Instant wholeSecondAfter = instant.plusSeconds(1);
        Duration left = Duration.between(Instant.now(), wholeSecondAfter);
        await().atMost(left.isNegative() ? Duration.ofSeconds(5) : left.plusSeconds(5))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(() -> Instant.now().isAfter(wholeSecondAfter));
    }
}
