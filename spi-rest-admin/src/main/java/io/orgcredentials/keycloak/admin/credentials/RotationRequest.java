package io.orgcredentials.keycloak.admin.credentials;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.credential.CredentialException;
import io.orgcredentials.keycloak.settings.CredentialSettings;

/**
 * A validated rotate-secret request: an empty body, or {"previousSecretValidFor": "PT1H"} to end the old secret's
 * grace sooner than the server's {@code rotation-grace} (never later: that option is the operator's upper bound).
 */
public record RotationRequest(Duration previousSecretValidFor) {

    public static final Set<String> FIELDS = Set.of("previousSecretValidFor");

    public static RotationRequest from(ObjectNode body, CredentialSettings settings) {
        Duration longest = settings.rotationGrace();
        JsonNode node = body == null ? null : body.get("previousSecretValidFor");
        if (node == null || node.isNull()) {
            return new RotationRequest(longest);
        }
        String expected = "'previousSecretValidFor' must be an ISO-8601 duration from PT0S to " + longest
                + ", for example \"PT1H\"";
        if (!node.isTextual()) {
            throw CredentialException.invalidInput(expected);
        }
        Duration grace;
        try {
            grace = Duration.parse(node.textValue());
        } catch (DateTimeParseException e) {
            throw CredentialException.invalidInput(expected);
        }
        if (grace.isNegative() || grace.compareTo(longest) > 0) {
            throw CredentialException.invalidInput(expected);
        }
        return new RotationRequest(grace.withNanos(0));
    }
}
