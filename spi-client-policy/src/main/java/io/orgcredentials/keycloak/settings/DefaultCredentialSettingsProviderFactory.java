package io.orgcredentials.keycloak.settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.auto.service.AutoService;
import io.orgcredentials.keycloak.compat.ExtensionVersion;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

@AutoService(CredentialSettingsProviderFactory.class)
public class DefaultCredentialSettingsProviderFactory
        implements CredentialSettingsProviderFactory, ServerInfoAwareProviderFactory {

    static final String ID = "default";

    private volatile CredentialSettings settings = CredentialSettings.DEFAULTS;

    @Override
    public CredentialSettingsProvider create(KeycloakSession session) {
        CredentialSettings current = settings;
        return () -> current;
    }

    @Override
    public void init(Config.Scope config) {
        settings = CredentialSettings.from(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (CredentialOption option : CredentialOption.values()) {
            builder.property().name(option.key()).type(option.type())
                    .defaultValue(option.valueIn(CredentialSettings.DEFAULTS)).helpText(option.help()).add();
        }
        return builder.build();
    }

    /** The extension's version and every option's value in force, in the server info. */
    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("version", ExtensionVersion.current());
        for (CredentialOption option : CredentialOption.values()) {
            info.put(option.key(), String.valueOf(option.valueIn(settings)));
        }
        return info;
    }
}
