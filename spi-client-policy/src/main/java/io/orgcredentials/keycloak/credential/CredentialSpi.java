package io.orgcredentials.keycloak.credential;

import com.google.auto.service.AutoService;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The credential domain as a Keycloak SPI: one provider ({@code jpa}) over Keycloak's clients and database. */
@AutoService(Spi.class)
public class CredentialSpi implements Spi {

    public static final String NAME = "org-client-credentials-domain";

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
        return CredentialProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return CredentialProviderFactory.class;
    }
}
