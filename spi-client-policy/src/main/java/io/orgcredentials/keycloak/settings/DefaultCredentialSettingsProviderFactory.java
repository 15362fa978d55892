package io.orgcredentials.keycloak.settings;

import java.util.List;

import com.google.auto.service.AutoService;
import io.orgcredentials.keycloak.compat.ServerCompatibility;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.LinkedHashMap;
import java.util.Map;

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
        CredentialSettings d = CredentialSettings.DEFAULTS;
        return ProviderConfigurationBuilder.create()
                .property().name("default-limit").type("int").defaultValue(d.defaultLimit())
                .helpText("Client credentials an organization may hold unless a realm admin sets its own limit.").add()
                .property().name("maximum-limit").type("int").defaultValue(d.maximumLimit())
                .helpText("The highest per-organization limit a realm admin may set.").add()
                .property().name("default-lifetime").type("string").defaultValue(d.defaultLifetime().toString())
                .helpText("ISO-8601 period: lifetime of a credential created without expiresAt.").add()
                .property().name("minimum-lifetime").type("string").defaultValue(d.minimumLifetime().toString())
                .helpText("ISO-8601 duration: how far ahead expiresAt must at least be.").add()
                .property().name("maximum-lifetime").type("string").defaultValue(d.maximumLifetime().toString())
                .helpText("ISO-8601 period: how far ahead expiresAt may at most be.").add()
                .property().name("resource-scopes").type("string").defaultValue(String.join(",", d.resourceScopes()))
                .helpText("Comma-separated resource APIs a token may reach (scope names and audiences).").add()
                .property().name("access-token-lifespan").type("int").defaultValue(d.accessTokenLifespan())
                .helpText("Seconds an access token lives (never past the credential's expiry).").add()
                .property().name("organization-claim-ids").type("boolean").defaultValue(d.organizationClaimIds())
                .helpText("Put organization ids in the organization claim ({\"acme\":{\"id\":...}}).").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        CredentialSettings s = settings;
        Map<String, String> info = new LinkedHashMap<>();
        info.put("default-limit", String.valueOf(s.defaultLimit()));
        info.put("default-lifetime", s.defaultLifetime().toString());
        info.put("maximum-lifetime", s.maximumLifetime().toString());
        info.put("resource-scopes", String.join(",", s.resourceScopes()));
        info.put("access-token-lifespan", String.valueOf(s.accessTokenLifespan()));
        return info;
    }
}
