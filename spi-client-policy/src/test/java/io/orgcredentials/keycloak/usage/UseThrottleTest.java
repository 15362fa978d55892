package io.orgcredentials.keycloak.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UseThrottleTest {

    @Test
    void aUseIsLetThroughOncePerInterval() {
        UseThrottle throttle = new UseThrottle();
        assertThat(throttle.letThrough("a", 1000, 3600)).isTrue();
        assertThat(throttle.letThrough("a", 1000, 3600)).isFalse();
        assertThat(throttle.letThrough("a", 4599, 3600)).isFalse();
        assertThat(throttle.letThrough("a", 4600, 3600)).isTrue();
        assertThat(throttle.letThrough("a", 4601, 3600)).isFalse();
    }

    @Test
    void credentialsAreThrottledEachOnTheirOwn() {
        UseThrottle throttle = new UseThrottle();
        assertThat(throttle.letThrough("a", 1000, 3600)).isTrue();
        assertThat(throttle.letThrough("b", 1000, 3600)).isTrue();
        assertThat(throttle.letThrough("b", 1001, 3600)).isFalse();
    }

    @Test
    void aZeroIntervalLetsEveryUseThrough() {
        UseThrottle throttle = new UseThrottle();
        assertThat(throttle.letThrough("a", 1000, 0)).isTrue();
        assertThat(throttle.letThrough("a", 1000, 0)).isTrue();
    }

    @Test
    void ofConcurrentUsesExactlyOneIsLetThrough() throws Exception {
        UseThrottle throttle = new UseThrottle();
        throttle.letThrough("a", 1000, 60);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Boolean>> uses = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                uses.add(() -> {
                    start.await();
                    return throttle.letThrough("a", 1060, 60);
                });
            }
            List<Future<Boolean>> answers = new ArrayList<>();
            uses.forEach(use -> answers.add(pool.submit(use)));
            start.countDown();
            int letThrough = 0;
            for (Future<Boolean> answer : answers) {
                letThrough += answer.get() ? 1 : 0;
            }
            assertThat(letThrough).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void entriesLeaveOnceTheIntervalIsOverAndADeletedCredentialLeavesAtOnce() {
        UseThrottle throttle = new UseThrottle();
        for (int i = 0; i < 1000; i++) {
            assertThat(throttle.letThrough("c" + i, 1000 + i, 3600)).isTrue();
        }
        assertThat(throttle.size()).isEqualTo(1000);
        throttle.forget("c999");
        assertThat(throttle.size()).isEqualTo(999);
        assertThat(throttle.letThrough("c999", 2000, 3600)).as("forgotten: recorded again").isTrue();
        // An hour after the first uses: the next use sweeps out every entry that can no longer hold one back, those
        // of c0 to c100 (used from second 1000 to 1100), and adds its own.
        assertThat(throttle.letThrough("late", 4700, 3600)).isTrue();
        assertThat(throttle.size()).isEqualTo(1000 + 1 - 101);
        assertThat(throttle.letThrough("c500", 4700, 3600)).as("still within its interval").isFalse();
        assertThat(throttle.letThrough("c0", 4700, 3600)).as("swept: let through").isTrue();
    }

    @Test
    void aZeroIntervalRemembersNothing() {
        UseThrottle throttle = new UseThrottle();
        throttle.letThrough("a", 1000, 0);
        assertThat(throttle.size()).isZero();
    }
}
