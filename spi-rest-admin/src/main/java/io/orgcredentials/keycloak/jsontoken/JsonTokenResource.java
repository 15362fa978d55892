package io.orgcredentials.keycloak.jsontoken;

import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.admin.ApiError;
import io.orgcredentials.keycloak.admin.JsonBody;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.endpoints.TokenEndpoint;

/**
 * {@code POST /realms/{realm}/org-client-credentials/token} with a JSON body, for clients written against JSON
 * token endpoints. It issues nothing itself: it turns the JSON into the form Keycloak's token endpoint reads and
 * runs that endpoint, so the rules, the events and the response are Keycloak's own.
 */
public class JsonTokenResource {

    /** JSON field → form parameter; both spellings the seeds use are accepted. */
    static final Map<String, String> FIELDS = Map.of(
            "grant_type", OAuth2Constants.GRANT_TYPE, "grantType", OAuth2Constants.GRANT_TYPE,
            "client_id", OAuth2Constants.CLIENT_ID, "clientId", OAuth2Constants.CLIENT_ID,
            "client_secret", OAuth2Constants.CLIENT_SECRET, "clientSecret", OAuth2Constants.CLIENT_SECRET,
            "scope", OAuth2Constants.SCOPE);

    private final KeycloakSession session;

    public JsonTokenResource(KeycloakSession session) {
        this.session = session;
    }

    @POST
    @Path("token")
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(InputStream body) {
        ObjectNode json = JsonBody.readObject(session.getContext().getHttpRequest(), body, FIELDS.keySet());
        MultivaluedMap<String, String> form = toForm(json);

        RealmModel realm = session.getContext().getRealm();
        session.getContext().setHttpRequest(new FormRequest(session.getContext().getHttpRequest(), form));
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection());
        return new TokenEndpoint(session, new TokenManager(), event).processGrantRequest();
    }

    static MultivaluedMap<String, String> toForm(ObjectNode json) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (!value.isTextual()) {
                throw ApiError.invalidRequest("'" + field.getKey() + "' must be a string");
            }
            String parameter = FIELDS.get(field.getKey());
            String previous = values.putIfAbsent(parameter, value.textValue());
            if (previous != null && !previous.equals(value.textValue())) {
                throw ApiError.invalidRequest("'" + field.getKey() + "' is given twice with different values");
            }
        }
        if (!values.containsKey(OAuth2Constants.GRANT_TYPE)) {
            throw ApiError.invalidRequest("'grant_type' is required, for example \"client_credentials\"");
        }
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        values.forEach(form::putSingle);
        return form;
    }

}
