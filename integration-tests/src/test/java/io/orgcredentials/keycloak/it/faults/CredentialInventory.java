package io.orgcredentials.keycloak.it.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.orgcredentials.keycloak.it.support.Database;
import io.orgcredentials.keycloak.it.support.KeycloakApi;

/**
 * What holds an organization's credentials after a fault, seen three ways that must agree: Keycloak's clients that
 * carry the organization's credential attributes, and the extension's live index rows in the database.
 */
final class CredentialInventory {

    private CredentialInventory() {
    }

    /** Client ids of the realm's clients carrying this organization's credential attributes. */
    static Set<String> clientsOf(KeycloakApi api, String realm, String orgId) {
        Set<String> ids = new HashSet<>();
        for (JsonNode client : api.adminGet(realm, "/clients?first=0&max=1000").json()) {
            if (orgId.equals(client.path("attributes").path("org-client-credentials.organization-id").asText())) {
                ids.add(client.get("clientId").asText());
            }
        }
        return ids;
    }

    /** Client ids of the extension's rows for this organization whose client was not removed. */
    static Set<String> rowsOf(Database database, String orgId) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection connection = database.connect();
             PreparedStatement query = connection.prepareStatement(
                     "select CLIENT_ID from OCC_CREDENTIAL where ORGANIZATION_ID = ? and REMOVED_AT is null")) {
            query.setString(1, orgId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }
}
