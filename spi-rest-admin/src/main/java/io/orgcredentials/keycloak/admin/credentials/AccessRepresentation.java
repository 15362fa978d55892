package io.orgcredentials.keycloak.admin.credentials;

/**
 * What the caller may do with one organization's credentials, so that a user interface can offer only that:
 * {@code view} (list and get), {@code manage} (create and delete) and {@code manageLimit} (change the limit).
 */
public record AccessRepresentation(boolean view, boolean manage, boolean manageLimit) {
}
