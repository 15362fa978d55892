package io.orgcredentials.keycloak.http;

import java.util.function.Supplier;

import io.orgcredentials.keycloak.credential.CredentialException;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.services.ErrorResponseException;

/**
 * The API's errors: JSON {"error", "error_description"} through Keycloak's {@link ErrorResponseException},
 * which also marks the transaction for rollback, so a refused request changes nothing. Domain errors
 * ({@link CredentialException}) become HTTP answers here and nowhere else.
 */
public final class ApiError {

    public static final String INVALID_REQUEST = OAuthErrorException.INVALID_REQUEST;
    public static final String NOT_FOUND = "not_found";
    public static final String FORBIDDEN = "forbidden";
    public static final String LIMIT_REACHED = "limit_reached";
    public static final String NAME_TAKEN = "name_taken";
    public static final String SETUP_REQUIRED = "setup_required";
    public static final String NOT_ACTIVE = "not_active";
    public static final String KEY_IN_USE = "key_in_use";
    public static final String NOT_A_MEMBER = "not_a_member";
    public static final String CONCURRENT_CHANGE = "concurrent_change";
    public static final String NOT_A_KEY_CREDENTIAL = "not_a_key_credential";
    public static final String NOT_A_SECRET_CREDENTIAL = "not_a_secret_credential";
    public static final String KEY_LIMIT_REACHED = "key_limit_reached";
    public static final String LAST_KEY = "last_key";
    public static final String KEY_EXISTS = "key_exists";

    private ApiError() {
    }

    /** Runs domain code and answers a broken rule with its HTTP error. */
    public static <T> T mapping(Supplier<T> domainCall) {
        try {
            return domainCall.get();
        } catch (CredentialException broken) {
            throw of(broken);
        }
    }

    /** The one mapping of domain errors to HTTP. */
    public static ErrorResponseException of(CredentialException broken) {
        return switch (broken.kind()) {
            case INVALID_INPUT -> invalidRequest(broken.description());
            case LIMIT_REACHED -> conflict(LIMIT_REACHED, broken.description());
            case NAME_TAKEN -> conflict(NAME_TAKEN, broken.description());
            case SETUP_REQUIRED -> conflict(SETUP_REQUIRED, broken.description());
            case NOT_ACTIVE -> conflict(NOT_ACTIVE, broken.description());
            case CONCURRENT_CHANGE -> conflict(CONCURRENT_CHANGE, broken.description());
            case NOT_A_KEY_CREDENTIAL -> conflict(NOT_A_KEY_CREDENTIAL, broken.description());
            case NOT_A_SECRET_CREDENTIAL -> conflict(NOT_A_SECRET_CREDENTIAL, broken.description());
            case KEY_LIMIT_REACHED -> conflict(KEY_LIMIT_REACHED, broken.description());
            case LAST_KEY -> conflict(LAST_KEY, broken.description());
            case KEY_EXISTS -> conflict(KEY_EXISTS, broken.description());
            case KEY_NOT_FOUND -> notFound(broken.description());
        };
    }

    public static ErrorResponseException invalidRequest(String description) {
        return new ErrorResponseException(INVALID_REQUEST, description, Response.Status.BAD_REQUEST);
    }

    /** 400 with its own error code: the description alone should not have to tell a client what went wrong. */
    public static ErrorResponseException badRequest(String error, String description) {
        return new ErrorResponseException(error, description, Response.Status.BAD_REQUEST);
    }

    public static ErrorResponseException notFound(String description) {
        return new ErrorResponseException(NOT_FOUND, description, Response.Status.NOT_FOUND);
    }

    public static ErrorResponseException forbidden(String description) {
        return new ErrorResponseException(FORBIDDEN, description, Response.Status.FORBIDDEN);
    }

    public static ErrorResponseException conflict(String error, String description) {
        return new ErrorResponseException(error, description, Response.Status.CONFLICT);
    }

    public static ErrorResponseException unsupportedMediaType(String description) {
        return new ErrorResponseException(INVALID_REQUEST, description, Response.Status.UNSUPPORTED_MEDIA_TYPE);
    }

    public static ErrorResponseException tooLarge(String description) {
        return new ErrorResponseException(INVALID_REQUEST, description, Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }
}
