package io.orgcredentials.keycloak.v26_7;

import com.google.auto.service.AutoService;
import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.StatelessProviderFactory;
import io.orgcredentials.keycloak.compat.ServerCompatibility;
import io.orgcredentials.keycloak.permissions.OrganizationPermissionsProvider;
import io.orgcredentials.keycloak.permissions.OrganizationPermissionsProviderFactory;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.EnvironmentDependentProviderFactory;

/**
 * Keycloak 26.7's per-organization admin permissions for the extension's admin API. Only a server that has them
 * keeps this factory (Keycloak drops an unsupported one before it makes a provider), so the 26.7 classes the provider
 * uses are never linked on 26.4 or 26.5.
 */
@AutoService(OrganizationPermissionsProviderFactory.class)
public final class FineGrainedOrganizationPermissionsFactory
        implements OrganizationPermissionsProviderFactory, StatelessProviderFactory<OrganizationPermissionsProvider>,
        EnvironmentDependentProviderFactory {

    @Override
    public boolean isSupported(Config.Scope config) {
        return ServerCompatibility.current().hasOrganizationPermissions();
    }

    @Override
    public OrganizationPermissionsProvider create(KeycloakSession session) {
        return FineGrainedOrganizationAccess::new;
    }

    @Override
    public String getId() {
        return CredentialConstants.EXTENSION;
    }
}
