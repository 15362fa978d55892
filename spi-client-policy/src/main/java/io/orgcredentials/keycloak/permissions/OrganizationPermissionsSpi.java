package io.orgcredentials.keycloak.permissions;

import com.google.auto.service.AutoService;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The SPI through which a version-specific module gives Keycloak's per-organization admin permissions. */
@AutoService(Spi.class)
public class OrganizationPermissionsSpi implements Spi {

    public static final String NAME = "org-client-credentials-organization-permissions";

    @Override
    public boolean isInternal() {
        return true;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return OrganizationPermissionsProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return OrganizationPermissionsProviderFactory.class;
    }
}
