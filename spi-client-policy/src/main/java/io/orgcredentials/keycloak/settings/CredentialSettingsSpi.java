package io.orgcredentials.keycloak.settings;

import com.google.auto.service.AutoService;
import io.orgcredentials.keycloak.CredentialConstants;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The extension's own SPI, so that its options live where Keycloak operators look for options:
 * {@code --spi-org-client-credentials--default--<option>} or {@code KC_SPI_ORG_CLIENT_CREDENTIALS__DEFAULT__<OPTION>}.
 */
@AutoService(Spi.class)
public class CredentialSettingsSpi implements Spi {

    public static final String NAME = CredentialConstants.EXTENSION;

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
        return CredentialSettingsProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return CredentialSettingsProviderFactory.class;
    }
}
