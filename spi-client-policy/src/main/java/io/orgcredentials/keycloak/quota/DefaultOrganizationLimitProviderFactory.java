package io.orgcredentials.keycloak.quota;

import java.util.List;

import com.google.auto.service.AutoService;
import io.orgcredentials.keycloak.StatelessProviderFactory;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Checks an organization-limit component, wherever it comes from (this extension, an import, the components API). */
@AutoService(OrganizationLimitProviderFactory.class)
public final class DefaultOrganizationLimitProviderFactory implements OrganizationLimitProviderFactory,
        StatelessProviderFactory<OrganizationLimitProvider> {

    private static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(OrganizationLimits.ORGANIZATION_ID).type(ProviderConfigProperty.STRING_TYPE)
            .label("Organization id").add()
            .property().name(OrganizationLimits.LIMIT).type(ProviderConfigProperty.INTEGER_TYPE)
            .label("Client credential limit").add()
            .build();

    @Override
    public OrganizationLimitProvider create(KeycloakSession session, ComponentModel model) {
        return new OrganizationLimitProvider() {
        };
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        String organizationId = model.get(OrganizationLimits.ORGANIZATION_ID);
        if (organizationId == null || organizationId.isBlank()) {
            throw new ComponentValidationException("an organization limit needs the organization's id");
        }
        if (OrganizationLimits.parse(model.get(OrganizationLimits.LIMIT)) == null) {
            throw new ComponentValidationException("an organization limit must be a whole number from 0");
        }
    }

    @Override
    public String getId() {
        return OrganizationLimits.PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "An organization's own limit of client credentials (org-client-credentials)";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }
}
