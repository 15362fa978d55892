package io.orgcredentials.keycloak.admin.credentials;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.credential.CredentialException;
import io.orgcredentials.keycloak.credential.CredentialPublicKey;
import io.orgcredentials.keycloak.settings.CredentialSettings;

/**
 * A validated create request: {"name": "...", "expiresAt": "2027-05-22T00:00:00Z"} with expiresAt optional, and for a
 * credential that authenticates with a public key instead of a secret either {@code "jwks": {"keys": [<one public
 * JWK>]}} (RFC 7591's client metadata) or {@code "publicKeyPem"}.
 *
 * @param publicKey null for a credential with a secret
 */
public record CredentialRequest(String name, Instant expiresAt, CredentialPublicKey publicKey) {

    public static final Set<String> FIELDS = Set.of("name", "expiresAt", KeyRequest.JWKS, KeyRequest.PEM);
    public static final int MAX_NAME_LENGTH = 100;

    /** Checks every rule and says which one failed; {@code now} is the request's clock. */
    public static CredentialRequest from(ObjectNode body, CredentialSettings settings, Instant now) {
        String name = validName(body.get("name"));
        Instant expiresAt = validExpiry(body.get("expiresAt"), settings, now);
        CredentialPublicKey publicKey = body.has(KeyRequest.JWKS) || body.has(KeyRequest.PEM)
                ? KeyRequest.publicKey(body) : null;
        return new CredentialRequest(name, expiresAt, publicKey);
    }

    static String validName(JsonNode node) {
        if (node == null || node.isNull()) {
            throw CredentialException.invalidInput("'name' is required: a name for the credential, unique in the organization");
        }
        if (!node.isTextual()) {
            throw CredentialException.invalidInput("'name' must be a string");
        }
        String name = node.textValue();
        int length = name.codePointCount(0, name.length());
        if (length == 0 || name.isBlank()) {
            throw CredentialException.invalidInput("'name' must not be empty");
        }
        if (length > MAX_NAME_LENGTH) {
            throw CredentialException.invalidInput("'name' must be at most " + MAX_NAME_LENGTH + " characters (got " + length + ")");
        }
        if (!name.strip().equals(name)) {
            throw CredentialException.invalidInput("'name' must not start or end with white space");
        }
        if (!name.codePoints().allMatch(CredentialRequest::isPrintable)) {
            throw CredentialException.invalidInput("'name' may contain only printable characters "
                    + "(no control, formatting, private-use or unpaired surrogate characters)");
        }
        return name;
    }

    /** Letters, marks, numbers, punctuation, symbols and plain spaces; nothing invisible or unassigned. */
    static boolean isPrintable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE,
                 Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            case Character.SPACE_SEPARATOR -> codePoint == ' ';
            default -> true;
        };
    }

    static Instant validExpiry(JsonNode node, CredentialSettings settings, Instant now) {
        if (node == null || node.isNull()) {
            return settings.defaultExpiry(now).truncatedTo(ChronoUnit.SECONDS);
        }
        if (!node.isTextual()) {
            throw CredentialException.invalidInput("'expiresAt' must be a string with an ISO-8601 date and time, "
                    + "for example \"2027-05-22T00:00:00Z\"");
        }
        Instant expiresAt;
        try {
            expiresAt = OffsetDateTime.parse(node.textValue()).toInstant().truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw CredentialException.invalidInput("'expiresAt' is not an ISO-8601 date and time with an offset, "
                    + "for example \"2027-05-22T00:00:00Z\"");
        }
        Instant earliest = settings.earliestExpiry(now);
        if (!expiresAt.isAfter(earliest)) {
            throw CredentialException.invalidInput("'expiresAt' must be in the future"
                    + (earliest.equals(now) ? "" : " and after " + earliest.truncatedTo(ChronoUnit.SECONDS)));
        }
        Instant latest = settings.latestExpiry(now);
        if (expiresAt.isAfter(latest)) {
            throw CredentialException.invalidInput("'expiresAt' must be at most " + settings.maximumLifetime()
                    + " ahead, that is no later than " + latest.truncatedTo(ChronoUnit.SECONDS));
        }
        return expiresAt;
    }
}
