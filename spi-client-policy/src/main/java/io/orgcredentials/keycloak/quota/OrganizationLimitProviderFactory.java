package io.orgcredentials.keycloak.quota;

import org.keycloak.component.ComponentFactory;

/** Factories of {@link OrganizationLimitProvider} components; the extension has one. */
public interface OrganizationLimitProviderFactory
        extends ComponentFactory<OrganizationLimitProvider, OrganizationLimitProvider> {
}
