package io.orgcredentials.keycloak.permissions;

import org.keycloak.provider.ProviderFactory;

public interface OrganizationPermissionsProviderFactory extends ProviderFactory<OrganizationPermissionsProvider> {
}
