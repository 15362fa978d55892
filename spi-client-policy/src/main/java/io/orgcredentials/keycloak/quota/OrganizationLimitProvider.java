package io.orgcredentials.keycloak.quota;

import org.keycloak.provider.Provider;

/**
 * The component type of an organization's own credential limit ({@link OrganizationLimits}). It does nothing at run
 * time; it exists so that Keycloak stores, caches, exports and imports the limit with the realm.
 */
public interface OrganizationLimitProvider extends Provider {

    @Override
    default void close() {
    }
}
