package io.orgcredentials.keycloak.admin.credentials;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.admin.common.OrganizationLookup;
import io.orgcredentials.keycloak.admin.setup.RealmSetup;
import io.orgcredentials.keycloak.credential.CredentialClock;
import io.orgcredentials.keycloak.credential.CredentialProvider;
import io.orgcredentials.keycloak.credential.CredentialPublicKey;
import io.orgcredentials.keycloak.credential.CredentialStatus;
import io.orgcredentials.keycloak.credential.ManagedCredential;
import io.orgcredentials.keycloak.http.ApiError;
import io.orgcredentials.keycloak.http.JsonBody;
import io.orgcredentials.keycloak.http.PathInput;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.NoCache;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.urls.UrlType;

/**
 * One organization's credentials ({@code clients}), its limit and what the caller may do there, at
 * {@code /admin/realms/{realm}/org-client-credentials/organizations/{orgId}} for admins and at
 * {@code /realms/{realm}/org-client-credentials/organizations/{orgId}} for the organization's members: the same
 * JSON and errors for both, with a {@link CredentialsCaller} that says who may do what. Permissions first, then the
 * organization, then the request; the credential's life itself is the {@link CredentialProvider}'s.
 */
public class OrganizationResource {

    static final int DEFAULT_MAX = 100;
    static final int LARGEST_MAX = 1000;

    /** "used" and "available" are accepted and ignored, so that a GET response can be sent back (kcadm.sh update). */
    static final Set<String> LIMIT_FIELDS = Set.of("limit", "used", "available");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final CredentialsCaller caller;
    private final String orgId;

    public OrganizationResource(KeycloakSession session, RealmModel realm, CredentialsCaller caller, String orgId) {
        this.session = session;
        this.realm = realm;
        this.caller = caller;
        this.orgId = orgId;
    }

    @GET
    @Path(CredentialConstants.CLIENTS)
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public List<CredentialRepresentation> list(@QueryParam("status") String status, @QueryParam("first") String first,
                                               @QueryParam("max") String max) {
        OrganizationModel organization = organization(CredentialsCaller.Right.VIEW);
        CredentialStatus filter = statusFilter(status);
        int from = intParam("first", first, 0, 0, Integer.MAX_VALUE);
        int count = intParam("max", max, DEFAULT_MAX, 1, LARGEST_MAX);
        Instant now = CredentialClock.now();
        return credentials().list(realm, organization, filter, from, count, now).stream()
                .map(credential -> representation(credential, organization, now))
                .toList();
    }

    @POST
    @Path(CredentialConstants.CLIENTS)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) {
        OrganizationModel organization = organization(CredentialsCaller.Right.MANAGE);
        Instant now = CredentialClock.now();
        ObjectNode json = JsonBody.readObject(session.getContext().getHttpRequest(), body, CredentialRequest.FIELDS);
        CredentialProvider.Created created = ApiError.mapping(() -> {
            CredentialRequest request = CredentialRequest.from(json, CredentialSettings.of(session), now);
            RealmSetup.requireReady(session, realm);
            return credentials().create(realm, organization, request.name(), request.expiresAt(),
                    request.publicKey(), now);
        });
        CredentialRepresentation credential = representation(created.credential(), organization, now);
        caller.events().operation(OperationType.CREATE)
                .resource(ResourceType.CLIENT)
                .resourcePath(clientEventPath(organization, credential.clientId()))
                .representation(credential) // never the secret: it is not part of this object
                .success();

        URI location = session.getContext().getUri().getAbsolutePathBuilder().path(credential.clientId()).build();
        if (created.secret() == null) {
            return Response.created(location).entity(credential).build(); // a key credential: nothing secret here
        }
        return oneTimeSecret(Response.created(location), credential.withSecret(created.secret()));
    }

    /** A response carrying a secret: never stored by a cache or a browser. */
    private static Response oneTimeSecret(Response.ResponseBuilder response, CredentialRepresentation withSecret) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        noStore.setNoCache(true);
        return response.cacheControl(noStore).header("Pragma", "no-cache").entity(withSecret).build();
    }

    @GET
    @Path(CredentialConstants.CLIENTS + "/{clientId}")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public CredentialRepresentation get(@PathParam("clientId") String clientId) {
        OrganizationModel organization = organization(CredentialsCaller.Right.VIEW);
        return representation(credential(organization, clientId), organization, CredentialClock.now());
    }

    @DELETE
    @Path(CredentialConstants.CLIENTS + "/{clientId}")
    public Response delete(@PathParam("clientId") String clientId) {
        OrganizationModel organization = organization(CredentialsCaller.Right.MANAGE);
        ManagedCredential credential = credential(organization, clientId);
        CredentialRepresentation before = representation(credential, organization, CredentialClock.now());
        credentials().delete(realm, credential);
        caller.events().operation(OperationType.DELETE)
                .resource(ResourceType.CLIENT)
                .resourcePath(clientEventPath(organization, before.clientId()))
                .representation(before)
                .success();
        return Response.noContent().build();
    }

    /**
     * A new secret for the credential, shown once; the secret it replaces keeps working for the grace the request
     * asks for (at most the server's {@code rotation-grace}, never past the credential's expiry). Everything else
     * about the credential stays as it is.
     */
    @POST
    @Path(CredentialConstants.CLIENTS + "/{clientId}/" + CredentialConstants.ROTATE_SECRET)
    @Produces(MediaType.APPLICATION_JSON)
    public Response rotateSecret(@PathParam("clientId") String clientId, InputStream body) {
        OrganizationModel organization = organization(CredentialsCaller.Right.MANAGE);
        ManagedCredential credential = credential(organization, clientId);
        ObjectNode json = JsonBody.readOptionalObject(session.getContext().getHttpRequest(), body,
                RotationRequest.FIELDS);
        Instant now = CredentialClock.now();
        CredentialProvider.Rotated rotated = ApiError.mapping(() -> {
            RotationRequest request = RotationRequest.from(json, CredentialSettings.of(session));
            return credentials().rotate(realm, credential, request.previousSecretValidFor(), now);
        });
        CredentialRepresentation after = representation(rotated.credential(), organization, now);
        caller.events().operation(OperationType.ACTION)
                .resource(ResourceType.CLIENT)
                .resourcePath(CredentialConstants.organizationEventPath(organization.getId(),
                        CredentialConstants.CLIENTS, after.clientId(), CredentialConstants.ROTATE_SECRET))
                .representation(after) // neither secret: the new one is added to the response only
                .success();
        URI location = session.getContext().getUri().getAbsolutePathBuilder().path("..").build().normalize();
        return oneTimeSecret(Response.created(location), after.withSecret(rotated.secret()));
    }

    /**
     * Adds a public key to a key credential (at most two: the one to replace and its replacement); both work until
     * one is removed, and the expiry stays. Answers 201 with the credential.
     */
    @POST
    @Path(CredentialConstants.CLIENTS + "/{clientId}/" + CredentialConstants.KEYS)
    @Produces(MediaType.APPLICATION_JSON)
    public Response addKey(@PathParam("clientId") String clientId, InputStream body) {
        OrganizationModel organization = organization(CredentialsCaller.Right.MANAGE);
        ManagedCredential credential = credential(organization, clientId);
        ObjectNode json = JsonBody.readObject(session.getContext().getHttpRequest(), body, KeyRequest.FIELDS);
        Instant now = CredentialClock.now();
        CredentialPublicKey key = ApiError.mapping(() -> {
            CredentialPublicKey parsed = KeyRequest.publicKey(json);
            credentials().addKey(realm, credential, parsed, now);
            return parsed;
        });
        CredentialRepresentation after = representation(credential, organization, now);
        caller.events().operation(OperationType.CREATE)
                .resource(ResourceType.CLIENT)
                .resourcePath(keyEventPath(organization, after.clientId(), key))
                .representation(CredentialRepresentation.KeyRepresentation.of(key))
                .success();
        URI location = session.getContext().getUri().getAbsolutePathBuilder().path(key.kid()).build();
        return Response.created(location).entity(after).build();
    }

    /** Removes one of a key credential's public keys (never its last): assertions it signs fail from then on. */
    @DELETE
    @Path(CredentialConstants.CLIENTS + "/{clientId}/" + CredentialConstants.KEYS + "/{kid}")
    public Response removeKey(@PathParam("clientId") String clientId, @PathParam("kid") String kid) {
        OrganizationModel organization = organization(CredentialsCaller.Right.MANAGE);
        ManagedCredential credential = credential(organization, clientId);
        if (!PathInput.isPlausibleId(kid)) {
            throw ApiError.notFound("Client credential '" + credential.name() + "' has no key with kid '"
                    + PathInput.printable(kid) + "'");
        }
        CredentialPublicKey removed = ApiError.mapping(() -> credentials().removeKey(realm, credential, kid,
                CredentialClock.now()));
        caller.events().operation(OperationType.DELETE)
                .resource(ResourceType.CLIENT)
                .resourcePath(keyEventPath(organization, credential.clientId(), removed))
                .representation(CredentialRepresentation.KeyRepresentation.of(removed))
                .success();
        return Response.noContent().build();
    }

    /** Admin events name a key by its thumbprint, which no one chooses (a kid is the caller's to pick). */
    private static String[] keyEventPath(OrganizationModel organization, String clientId, CredentialPublicKey key) {
        return CredentialConstants.organizationEventPath(organization.getId(), CredentialConstants.CLIENTS, clientId,
                CredentialConstants.KEYS, key.thumbprint());
    }

    @GET
    @Path(CredentialConstants.LIMIT)
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public LimitRepresentation getLimit() {
        OrganizationModel organization = organization(CredentialsCaller.Right.VIEW);
        CredentialProvider credentials = credentials();
        return LimitRepresentation.of(credentials.limit(realm, organization), credentials.count(realm, organization));
    }

    @PUT
    @Path(CredentialConstants.LIMIT)
    @Produces(MediaType.APPLICATION_JSON)
    public LimitRepresentation setLimit(InputStream body) {
        if (!caller.mayChangeLimit()) {
            throw ApiError.forbidden(caller.limitRefusal());
        }
        OrganizationModel organization = OrganizationLookup.find(session, realm, orgId);
        ObjectNode json = JsonBody.readObject(session.getContext().getHttpRequest(), body, LIMIT_FIELDS);
        int maximum = CredentialSettings.of(session).maximumLimit();
        JsonNode limit = json.get("limit");
        if (limit == null || !limit.isIntegralNumber() || !limit.canConvertToInt()
                || limit.intValue() < 0 || limit.intValue() > maximum) {
            throw ApiError.invalidRequest("'limit' must be a whole number from 0 to " + maximum);
        }
        CredentialProvider credentials = credentials();
        credentials.setLimit(realm, organization, limit.intValue());
        LimitRepresentation result = LimitRepresentation.of(limit.intValue(), credentials.count(realm, organization));
        caller.events().operation(OperationType.UPDATE)
                .resource(ResourceType.ORGANIZATION)
                .resourcePath(CredentialConstants.organizationEventPath(organization.getId(),
                        CredentialConstants.LIMIT))
                .representation(result)
                .success();
        return result;
    }

    @Path(CredentialConstants.MANAGERS)
    public ManagersResource managers() {
        return new ManagersResource(session, realm, caller, orgId);
    }

    /**
     * An extension of the contract: the rules a new credential of this organization meets now (the console tab and the
     * self-service page offer the dates, the limit and the grace from it, never constants of their own).
     */
    @GET
    @Path(CredentialConstants.RULES)
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public RulesRepresentation rules() {
        OrganizationModel organization = organization(CredentialsCaller.Right.VIEW);
        return RulesRepresentation.of(credentials().limit(realm, organization), CredentialSettings.of(session),
                CredentialClock.now());
    }

    /** An extension of the contract: what the caller may do here (the console tab enables its buttons by it). */
    @GET
    @Path("access")
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public AccessRepresentation access() {
        OrganizationModel organization = organization(CredentialsCaller.Right.VIEW);
        return new AccessRepresentation(true, caller.may(CredentialsCaller.Right.MANAGE, organization),
                caller.mayChangeLimit(), caller.mayNameManagers(organization));
    }

    private CredentialProvider credentials() {
        return session.getProvider(CredentialProvider.class);
    }

    private OrganizationModel organization(CredentialsCaller.Right right) {
        return caller.organization(orgId, right);
    }

    private ManagedCredential credential(OrganizationModel organization, String clientId) {
        Optional<ManagedCredential> found = PathInput.isPlausibleId(clientId)
                ? credentials().find(realm, organization, clientId) : Optional.empty();
        return found.orElseThrow(() -> ApiError.notFound("Organization " + organization.getAlias()
                + " has no client credential '" + PathInput.printable(clientId) + "'"));
    }

    private CredentialRepresentation representation(ManagedCredential credential, OrganizationModel organization,
                                                    Instant now) {
        String tokenEndpoint = OIDCLoginProtocolService.tokenUrl(
                session.getContext().getUri(UrlType.FRONTEND).getBaseUriBuilder()).build(realm.getName()).toString();
        CredentialSettings settings = CredentialSettings.of(session);
        Duration expiringWithin = settings.sendsExpiryNotices()
                ? Duration.ofDays(settings.expiryNoticeDays().get(0)) : null;
        return CredentialRepresentation.of(credential, organization, tokenEndpoint, settings.resourceScopes(),
                expiringWithin, now);
    }

    private static String[] clientEventPath(OrganizationModel organization, String clientId) {
        return CredentialConstants.organizationEventPath(organization.getId(), CredentialConstants.CLIENTS,
                clientId);
    }

    /** Null for every status; the index filters by expiry only. */
    private static CredentialStatus statusFilter(String status) {
        if (status == null || status.isEmpty()) {
            return null;
        }
        return CredentialStatus.ofValue(status).filter(filter -> filter != CredentialStatus.UNUSABLE)
                .orElseThrow(() -> ApiError.invalidRequest("'status' must be active or expired"));
    }

    private static int intParam(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiError.invalidRequest("'" + name + "' must be a whole number from " + min + " to " + max);
    }
}
