package io.orgcredentials.keycloak.notice;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which expiry notice a credential is due, if any: the most urgent threshold it has crossed (so a credential created
 * five days before its expiry gets the 7-day notice, not the 30-day one too), unless a notice for that threshold or
 * a more urgent one went out already.
 */
public final class NoticeThreshold {

    private NoticeThreshold() {
    }

    /**
     * @param thresholds  days before expiry, largest first (0: at expiry)
     * @param noticedDays the smallest threshold a notice went out for, or null before the first
     */
    public static Optional<Integer> due(List<Integer> thresholds, Instant expiresAt, Instant now, Integer noticedDays) {
        Duration remaining = Duration.between(now, expiresAt);
        Integer due = null;
        for (int days : thresholds) {
            boolean crossed = days == 0 ? remaining.isNegative() || remaining.isZero()
                    : remaining.compareTo(Duration.ofDays(days)) <= 0;
            if (crossed) {
                due = days; // thresholds run largest first: the last crossed is the most urgent
            }
        }
        if (due == null || (noticedDays != null && noticedDays <= due)) {
            return Optional.empty();
        }
        return Optional.of(due);
    }
}
