package io.orgcredentials.keycloak.manager;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.credential.CredentialProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Who manages one organization's client credentials: the organization's members whose user ids its attribute
 * {@value #ATTRIBUTE} lists. The list lives in the organization, so that a full export of the realm carries it
 * (user and organization ids survive an import), and it decides only for that organization: being named in one
 * grants nothing in another. A listed user who is no longer a member manages nothing, and leaving the organization
 * takes the user off the list ({@link #memberLeft}), so that rejoining later grants nothing by itself.
 */
public final class OrganizationManagers {

    /** The organization attribute with the managers' user ids, one value each. */
    public static final String ATTRIBUTE = CredentialConstants.ATTRIBUTE_PREFIX + "managers";

    private final KeycloakSession session;
    private final RealmModel realm;

    public OrganizationManagers(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Whether this user manages this organization's credentials now: named, and still a member. */
    public boolean isManager(OrganizationModel organization, UserModel user) {
        return user != null && listed(organization).contains(user.getId())
                && session.getProvider(OrganizationProvider.class).isMember(organization, user);
    }

    /** The organization's managers who are still its members and exist, in the order they were named. */
    public Stream<UserModel> managers(OrganizationModel organization) {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        return listed(organization).stream()
                .map(id -> session.users().getUserById(realm, id))
                .filter(Objects::nonNull)
                .filter(user -> organizations.isMember(organization, user));
    }

    /** Names a member a manager; false when they already were one. */
    public boolean add(OrganizationModel organization, UserModel member) {
        lock(organization);
        Set<String> ids = listed(organization);
        boolean added = ids.add(member.getId());
        if (added) {
            write(organization, ids);
        }
        return added;
    }

    /** Takes a user (or the id of a user who no longer exists) off the list; false when they were not on it. */
    public boolean remove(OrganizationModel organization, String userId) {
        lock(organization);
        Set<String> ids = listed(organization);
        boolean removed = ids.remove(userId);
        if (removed) {
            write(organization, ids);
        }
        return removed;
    }

    /** Whether the user id is on the organization's list, a member or not. */
    public boolean isListed(OrganizationModel organization, String userId) {
        return listed(organization).contains(userId);
    }

    /** A member left the organization (any path: the admin API, an identity provider, a deleted user). */
    public void memberLeft(OrganizationModel organization, UserModel user) {
        if (listed(organization).contains(user.getId())) {
            remove(organization, user.getId());
        }
    }

    private Set<String> listed(OrganizationModel organization) {
        List<String> values = organization.getAttributes().get(ATTRIBUTE);
        Set<String> ids = new LinkedHashSet<>();
        if (values != null) {
            values.stream().filter(Objects::nonNull).map(String::trim).filter(id -> !id.isEmpty()).forEach(ids::add);
        }
        return ids;
    }

    /**
     * Keycloak writes an organization's attributes as a whole: a copy with this one changed, so that every other
     * attribute stays as it is.
     */
    private void write(OrganizationModel organization, Set<String> ids) {
        Map<String, List<String>> attributes = new HashMap<>();
        organization.getAttributes().forEach((name, values) -> attributes.put(name, new ArrayList<>(values)));
        if (ids.isEmpty()) {
            attributes.remove(ATTRIBUTE);
        } else {
            attributes.put(ATTRIBUTE, new ArrayList<>(ids));
        }
        organization.setAttributes(attributes);
    }

    /** Changes of one organization's list take turns (two admins naming two managers at once both count). */
    private void lock(OrganizationModel organization) {
        session.getProvider(CredentialProvider.class).lockOrganization(realm, organization);
    }
}
