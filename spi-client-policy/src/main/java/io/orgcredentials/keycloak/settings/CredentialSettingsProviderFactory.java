package io.orgcredentials.keycloak.settings;

import org.keycloak.provider.ProviderFactory;

public interface CredentialSettingsProviderFactory extends ProviderFactory<CredentialSettingsProvider> {
}
