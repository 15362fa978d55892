package io.orgcredentials.keycloak.credential.jpa;

import java.util.List;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * What a user holds, read straight from Keycloak's tables in one statement: its role mappings other than one role,
 * and its group memberships. Keycloak's models would read the two with a statement each (and load every role and
 * group they name) when the user is not in the cache.
 */
final class ServiceAccountGrants {

    private final EntityManager em;

    ServiceAccountGrants(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Whether the user exists and holds no role but {@code roleId} and belongs to no group. */
    boolean holdsOnly(String userId, String roleId) {
        List<Object[]> counts = em.createQuery("select "
                        + "(select count(m) from UserRoleMappingEntity m where m.user = u and m.roleId <> :roleId), "
                        + "(select count(g) from UserGroupMembershipEntity g where g.user = u) "
                        + "from UserEntity u where u.id = :userId", Object[].class)
                .setParameter("roleId", roleId)
                .setParameter("userId", userId)
                .getResultList();
        return counts.size() == 1 && ((Number) counts.get(0)[0]).longValue() == 0
                && ((Number) counts.get(0)[1]).longValue() == 0;
    }
}
