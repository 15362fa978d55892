package io.orgcredentials.keycloak.admin.credentials;

/**
 * What the caller may do with one organization's credentials, so that a user interface can offer only that:
 * {@code view} (list and get), {@code manage} (create, rotate and delete), {@code manageLimit} (change the limit) and
 * {@code manageManagers} (name and remove the organization's credential managers).
 */
public record AccessRepresentation(boolean view, boolean manage, boolean manageLimit, boolean manageManagers) {
}
