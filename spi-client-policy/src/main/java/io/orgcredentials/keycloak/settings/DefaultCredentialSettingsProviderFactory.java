package io.orgcredentials.keycloak.settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.auto.service.AutoService;
import io.orgcredentials.keycloak.compat.ServerCompatibility;
import io.orgcredentials.keycloak.metrics.CredentialMetrics;
import io.orgcredentials.keycloak.notice.ExpiryNoticeTask;
import io.orgcredentials.keycloak.usage.LastUsedRecorder;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

@AutoService(CredentialSettingsProviderFactory.class)
public class DefaultCredentialSettingsProviderFactory
        implements CredentialSettingsProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "default";

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

    /** The one place that tells the operator, at start-up, whether the extension runs on this Keycloak. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        ServerCompatibility.current().logOnce();
        if (ServerCompatibility.current().isEnabled()) {
            // The extension's background work on this node: none of it runs where the extension is disabled.
            LastUsedRecorder.start(factory);
            CredentialMetrics.start(factory);
            ExpiryNoticeTask.schedule(factory, settings);
        }
    }

    @Override
    public void close() {
        LastUsedRecorder.stop();
        CredentialMetrics.stop();
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

    /** Every option's value in force, in the server info. */
    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        for (CredentialOption option : CredentialOption.values()) {
            info.put(option.key(), String.valueOf(option.valueIn(settings)));
        }
        return info;
    }
}
