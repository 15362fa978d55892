package io.orgcredentials.keycloak.admin.setup;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a realm has of the extension's set-up. {@code ready} is true only when every required check is present;
 * {@code changes} lists what a POST did (empty when the realm was already set up).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SetupReport(String realm, boolean ready, List<Check> checks, List<String> changes) {

    public static final String PRESENT = "present";
    public static final String MISSING = "missing";

    /**
     * One piece of the set-up: its name, present or missing, a sentence saying what it is or why not, and whether
     * credentials need it ({@code required}; the self-service pieces are not: without them only members cannot
     * manage credentials themselves).
     */
    public record Check(String name, String status, String detail, boolean required) {

        static Check of(String name, boolean present, String detail) {
            return new Check(name, present ? PRESENT : MISSING, detail, true);
        }

        static Check optional(String name, boolean present, String detail) {
            return new Check(name, present ? PRESENT : MISSING, detail, false);
        }

        @JsonIgnore
        public boolean isPresent() {
            return PRESENT.equals(status);
        }
    }
}
