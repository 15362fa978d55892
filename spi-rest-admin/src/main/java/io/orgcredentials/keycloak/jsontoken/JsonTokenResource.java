package io.orgcredentials.keycloak.jsontoken;

import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.credential.Credential;
import io.orgcredentials.keycloak.http.ApiError;
import io.orgcredentials.keycloak.http.JsonBody;
import io.orgcredentials.keycloak.http.PathInput;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.endpoints.TokenEndpoint;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.util.BasicAuthHelper;

/**
 * {@code POST /realms/{realm}/org-client-credentials/token} with a JSON body, for clients written against JSON
 * token endpoints. It issues nothing itself: it turns the JSON into the form Keycloak's token endpoint reads and
 * runs that endpoint, so the rules, the events and the response are Keycloak's own.
 */
public class JsonTokenResource {

    /** JSON field → form parameter; the OAuth spelling and the camel case some vendors document are both accepted. */
    static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("grant_type", OAuth2Constants.GRANT_TYPE), Map.entry("grantType", OAuth2Constants.GRANT_TYPE),
            Map.entry("client_id", OAuth2Constants.CLIENT_ID), Map.entry("clientId", OAuth2Constants.CLIENT_ID),
            Map.entry("client_secret", OAuth2Constants.CLIENT_SECRET),
            Map.entry("clientSecret", OAuth2Constants.CLIENT_SECRET),
            Map.entry("client_assertion_type", OAuth2Constants.CLIENT_ASSERTION_TYPE),
            Map.entry("clientAssertionType", OAuth2Constants.CLIENT_ASSERTION_TYPE),
            Map.entry("client_assertion", OAuth2Constants.CLIENT_ASSERTION),
            Map.entry("clientAssertion", OAuth2Constants.CLIENT_ASSERTION),
            Map.entry("scope", OAuth2Constants.SCOPE));

    private final KeycloakSession session;

    public JsonTokenResource(KeycloakSession session) {
        this.session = session;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(InputStream body) {
        RealmModel realm = session.getContext().getRealm();
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.CLIENT_LOGIN);
        MultivaluedMap<String, String> form;
        try {
            form = toForm(JsonBody.readObject(session.getContext().getHttpRequest(), body, FIELDS.keySet()));
        } catch (ErrorResponseException refused) {
            event.detail(Details.REASON, "invalid_json_body").error(Errors.INVALID_REQUEST);
            throw refused;
        }
        // Only what this endpoint exists for: the client_credentials grant of organization client credentials
        // (which exist only in realms that are set up). Anything else gets the native endpoint's own answers, so
        // that this path is no second, general token endpoint.
        if (!OAuth2Constants.CLIENT_CREDENTIALS.equals(form.getFirst(OAuth2Constants.GRANT_TYPE))) {
            event.detail(Details.REASON, "grant_not_allowed").error(Errors.INVALID_REQUEST);
            return refusal(Response.Status.BAD_REQUEST, OAuthErrorException.UNSUPPORTED_GRANT_TYPE,
                    "Unsupported grant_type");
        }
        String clientId = presentedClientId(form);
        ClientModel client = clientId == null ? null : realm.getClientByClientId(clientId);
        if (!Credential.isCredential(client)) {
            event.client(clientId).detail(Details.REASON, "not_a_client_credential").error(Errors.INVALID_CLIENT);
            return refusal(Response.Status.UNAUTHORIZED, OAuthErrorException.INVALID_CLIENT,
                    CredentialConstants.INVALID_CLIENT_DESCRIPTION);
        }
        session.getContext().setHttpRequest(new FormRequest(session.getContext().getHttpRequest(), form));
        return new TokenEndpoint(session, new TokenManager(), event).processGrantRequest();
    }

    /**
     * The client id of the JSON body, or of an HTTP Basic header (which the native endpoint prefers), or the subject of
     * a client assertion (read only to find the client: the client authenticator checks the assertion).
     */
    private String presentedClientId(MultivaluedMap<String, String> form) {
        String authorization = session.getContext().getHttpRequest().getHttpHeaders()
                .getHeaderString(HttpHeaders.AUTHORIZATION);
        String[] basic = authorization == null ? null : BasicAuthHelper.RFC6749.parseHeader(authorization);
        String clientId = basic != null ? basic[0] : form.getFirst(OAuth2Constants.CLIENT_ID);
        String assertion = form.getFirst(OAuth2Constants.CLIENT_ASSERTION);
        if (clientId == null && assertion != null) {
            try {
                clientId = new JWSInput(assertion).readJsonContent(JsonWebToken.class).getSubject();
            } catch (JWSInputException | RuntimeException unreadable) {
                clientId = null;
            }
        }
        return PathInput.isPlausibleId(clientId) ? clientId : null;
    }

    /** The native endpoint's error answer: OAuth 2.0 JSON, never cached. */
    private static Response refusal(Response.Status status, String error, String description) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .entity(new OAuth2ErrorRepresentation(error, description))
                .build();
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
