package io.orgcredentials.keycloak.credential;

import java.util.Optional;
import java.util.concurrent.ConcurrentMap;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * Whether a credential's service account holds no role but the realm's default role and belongs to no group: the
 * one check of a token request that reads more than a plain client's token does. Its positive answer is kept with
 * the user in Keycloak's user cache ({@link UserCacheSlot}), so that a cached user costs nothing, and a user read
 * afresh (a cache miss in a large realm) costs one statement instead of Keycloak loading its role mappings and its
 * groups. Keycloak drops that entry on every node whenever the user changes (a role granted, a group joined), so the
 * next request asks the database again. A refusal is never kept.
 */
final class ServiceAccountCheck {

    /** The key of the kept answer; its value is the default role's id the answer was given for. */
    static final String HOLDS_ONLY = "org-client-credentials:service-account-holds-only";

    private ServiceAccountCheck() {
    }

    static boolean holdsOnly(KeycloakSession session, UserModel serviceAccount, String defaultRoleId) {
        Optional<ConcurrentMap<Object, Object>> slot = UserCacheSlot.of(serviceAccount);
        if (slot.isPresent() && defaultRoleId.equals(slot.get().get(HOLDS_ONLY))) {
            return true;
        }
        boolean holdsOnly = session.getProvider(CredentialProvider.class).holdsOnly(serviceAccount, defaultRoleId);
        if (holdsOnly) {
            slot.ifPresent(map -> map.put(HOLDS_ONLY, defaultRoleId));
        }
        return holdsOnly;
    }
}
