package io.orgcredentials.keycloak.admin.credentials;

import org.keycloak.models.UserModel;

/** One of an organization's credential managers, as the managers endpoint lists them. */
public record ManagerRepresentation(String id, String username, String email) {

    static ManagerRepresentation of(UserModel user) {
        return new ManagerRepresentation(user.getId(), user.getUsername(), user.getEmail());
    }
}
