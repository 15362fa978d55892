package io.orgcredentials.keycloak.notice;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NoticeThresholdTest {

    private static final List<Integer> DEFAULT = List.of(30, 7, 1, 0);
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static Instant in(Duration duration) {
        return NOW.plus(duration);
    }

    @Test
    void nothingIsDueBeforeTheFirstThreshold() {
        assertThat(NoticeThreshold.due(DEFAULT, in(Duration.ofDays(31)), NOW, null)).isEmpty();
    }

    @Test
    void eachThresholdIsDueOnceAsItIsCrossed() {
        assertThat(NoticeThreshold.due(DEFAULT, in(Duration.ofDays(30)), NOW, null)).contains(30);
        assertThat(NoticeThreshold.due(DEFAULT, in(Duration.ofDays(20)), NOW, 30)).isEmpty();
        assertThat(NoticeThreshold.due(DEFAULT, in(Duration.ofDays(7)), NOW, 30)).contains(7);
        assertThat(NoticeThreshold.due(DEFAULT, in(Duration.ofHours(23)), NOW, 7)).contains(1);
        assertThat(NoticeThreshold.due(DEFAULT, in(Duration.ofHours(1)), NOW, 1)).isEmpty();
        assertThat(NoticeThreshold.due(DEFAULT, NOW, NOW, 1)).contains(0);
        assertThat(NoticeThreshold.due(DEFAULT, in(Duration.ofDays(-1)), NOW, 0)).isEmpty();
    }

    @Test
    void onlyTheMostUrgentCrossedThresholdIsDue() {
        // Created five days before its expiry: the 7-day notice, not the 30-day one as well.
        assertThat(NoticeThreshold.due(DEFAULT, in(Duration.ofDays(5)), NOW, null)).contains(7);
        // A server that was down over the expiry: the at-expiry notice, not the ones it missed.
        assertThat(NoticeThreshold.due(DEFAULT, in(Duration.ofHours(-3)), NOW, 30)).contains(0);
    }

    @Test
    void withoutAnAtExpiryThresholdNothingIsDueAfterExpiry() {
        assertThat(NoticeThreshold.due(List.of(14, 3), in(Duration.ofHours(-1)), NOW, 3)).isEmpty();
        assertThat(NoticeThreshold.due(List.of(14, 3), in(Duration.ofHours(-1)), NOW, null)).contains(3);
    }
}
