package io.orgcredentials.keycloak.quota;

import com.google.auto.service.AutoService;
import io.orgcredentials.keycloak.CredentialConstants;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The SPI that gives organization limits a component type of their own ({@link OrganizationLimits}). */
@AutoService(Spi.class)
public class OrganizationLimitSpi implements Spi {

    public static final String NAME = CredentialConstants.EXTENSION + "-organization-limit";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return OrganizationLimitProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return OrganizationLimitProviderFactory.class;
    }
}
