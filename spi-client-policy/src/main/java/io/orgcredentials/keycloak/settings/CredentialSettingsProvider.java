package io.orgcredentials.keycloak.settings;

import org.keycloak.provider.Provider;

/** Gives every part of the extension the same server-wide {@link CredentialSettings}. */
public interface CredentialSettingsProvider extends Provider {

    CredentialSettings settings();

    @Override
    default void close() {
    }
}
