package io.orgcredentials.keycloak.admin.hashkeys;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.admin.common.AdminResource;
import io.orgcredentials.keycloak.credential.CredentialClock;
import io.orgcredentials.keycloak.credential.CredentialProvider;
import io.orgcredentials.keycloak.hashkey.HashKey;
import io.orgcredentials.keycloak.hashkey.HashKeys;
import io.orgcredentials.keycloak.http.ApiError;
import io.orgcredentials.keycloak.http.PathInput;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.NoCache;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

/**
 * {@code /admin/realms/{realm}/org-client-credentials/hash-keys}: the realm's credential hash keys. GET lists them
 * with how many credentials need each; POST makes a new key the one that hashes new and rotated secrets (the others
 * keep verifying what they hashed); DELETE removes a key that no credential needs any more. The keys are realm
 * components, so the Keys tab of the admin console shows and edits them too.
 */
public class HashKeysResource extends AdminResource {

    public HashKeysResource(AdminResource parent) {
        super(parent);
    }

    @GET
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public List<HashKeyRepresentation> list() {
        if (!auth.realm().canViewRealm()) {
            throw ApiError.forbidden("Reading the hash keys needs the view-realm role");
        }
        return representations();
    }

    @POST
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    public Response create() {
        requireManageRealm();
        HashKey key = HashKeys.of(realm).add(HashKey.DEFAULT_NAME, null, null);
        HashKeyRepresentation created = HashKeyRepresentation.of(key, true, 0);
        adminEvent.operation(OperationType.CREATE)
                .resource(ResourceType.COMPONENT)
                .resourcePath(CredentialConstants.EXTENSION, CredentialConstants.HASH_KEYS, key.kid())
                .representation(created)
                .success();
        return Response.created(session.getContext().getUri().getAbsolutePathBuilder().path(key.kid()).build())
                .entity(created).build();
    }

    @DELETE
    @Path("{kid}")
    public Response delete(@PathParam("kid") String kid) {
        requireManageRealm();
        Optional<HashKey> key = HashKeys.isValidKeyId(kid) ? HashKeys.of(realm).byKid(kid) : Optional.empty();
        if (key.isEmpty()) {
            throw ApiError.notFound("Realm " + realm.getName() + " has no hash key '" + PathInput.printable(kid) + "'");
        }
        int needing = usage().getOrDefault(kid, 0);
        if (needing > 0) {
            throw ApiError.conflict(ApiError.KEY_IN_USE, needing + " client credential" + (needing == 1 ? "" : "s")
                    + " of realm " + realm.getName() + " still need hash key '" + kid + "'; rotate their secrets (a "
                    + "rotation with previousSecretValidFor PT0S stops needing the old key at once) or delete them first");
        }
        HashKeys.of(realm).remove(key.get());
        adminEvent.operation(OperationType.DELETE)
                .resource(ResourceType.COMPONENT)
                .resourcePath(CredentialConstants.EXTENSION, CredentialConstants.HASH_KEYS, kid)
                .success();
        return Response.noContent().build();
    }

    private List<HashKeyRepresentation> representations() {
        Map<String, Integer> usage = usage();
        HashKeys keys = HashKeys.of(realm);
        String activeKid = keys.active().map(HashKey::kid).orElse(null);
        return keys.all().stream()
                .map(key -> HashKeyRepresentation.of(key, key.kid() != null && key.kid().equals(activeKid),
                        key.kid() == null ? 0 : usage.getOrDefault(key.kid(), 0)))
                .toList();
    }

    private Map<String, Integer> usage() {
        return session.getProvider(CredentialProvider.class).keyUsage(realm, CredentialClock.now());
    }

    private void requireManageRealm() {
        if (!auth.realm().canManageRealm()) {
            throw ApiError.forbidden("Changing the hash keys needs the manage-realm role");
        }
    }
}
