package io.orgcredentials.keycloak.credential;

import org.keycloak.provider.ProviderFactory;

public interface CredentialProviderFactory extends ProviderFactory<CredentialProvider> {
}
