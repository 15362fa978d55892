package io.orgcredentials.keycloak.quota;

import java.util.Optional;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;

/**
 * The limits realm admins set for single organizations, one realm component each: Keycloak caches them with the
 * realm, a full export carries them and an import brings them back, so an organization keeps its own limit when
 * its realm moves. Only manage-realm admins can change components, the same right that sets a limit.
 */
public final class OrganizationLimits {

    static final String PROVIDER_ID = "default";
    static final String ORGANIZATION_ID = "organizationId";
    static final String LIMIT = "limit";

    private final RealmModel realm;

    public OrganizationLimits(RealmModel realm) {
        this.realm = realm;
    }

    /** The organization's own limit, or empty where the server-wide default applies. */
    public Optional<Integer> of(String organizationId) {
        return component(organizationId).map(component -> parse(component.get(LIMIT)));
    }

    /** Sets the organization's own limit; the caller holds the organization's quota lock. */
    public void set(String organizationId, int limit) {
        Optional<ComponentModel> existing = component(organizationId);
        if (existing.isPresent()) {
            ComponentModel component = realm.getComponent(existing.get().getId());
            component.put(LIMIT, Integer.toString(limit));
            realm.updateComponent(component);
            return;
        }
        ComponentModel component = new ComponentModel();
        component.setName("org-client-credentials limit of organization " + organizationId);
        component.setParentId(realm.getId());
        component.setProviderType(OrganizationLimitProvider.class.getName());
        component.setProviderId(PROVIDER_ID);
        component.put(ORGANIZATION_ID, organizationId);
        component.put(LIMIT, Integer.toString(limit));
        realm.addComponentModel(component);
    }

    /** The organization is gone: so is its limit. */
    public void remove(String organizationId) {
        component(organizationId).ifPresent(realm::removeComponent);
    }

    static Integer parse(String value) {
        try {
            int limit = value == null ? -1 : Integer.parseInt(value.trim());
            return limit >= 0 ? limit : null;
        } catch (NumberFormatException damaged) {
            return null;
        }
    }

    private Optional<ComponentModel> component(String organizationId) {
        return realm.getComponentsStream(realm.getId(), OrganizationLimitProvider.class.getName())
                .filter(component -> organizationId.equals(component.get(ORGANIZATION_ID)))
                .findFirst();
    }
}
