package io.orgcredentials.keycloak.admin;

/**
 * A rule of the API that the caller's input breaks, with a sentence saying which. Pure validation code throws
 * it (so it can be tested without a server); the resources turn it into a 400 {@code invalid_request}.
 */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String description) {
        super(description, null, false, false);
    }
}
