package io.orgcredentials.keycloak.credential;

import java.time.Instant;

import org.keycloak.common.util.Time;

/**
 * The extension's one way to read the clock: Keycloak's, in whole seconds, so that a time offset Keycloak applies
 * (its tests' and its admin's) moves credentials' expiry, grace and notices with everything else.
 */
public final class CredentialClock {

    private CredentialClock() {
    }

    public static Instant now() {
        return Instant.ofEpochSecond(Time.currentTime());
    }
}
