package io.orgcredentials.keycloak.clientpolicy.executor;

import java.util.List;

import com.google.auto.service.AutoService;
import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

@AutoService(ClientPolicyExecutorProviderFactory.class)
public class CredentialGuardExecutorFactory
        implements ClientPolicyExecutorProviderFactory, StatelessProviderFactory<ClientPolicyExecutorProvider> {

    @Override
    public ClientPolicyExecutorProvider<?> create(KeycloakSession session) {
        return new CredentialGuardExecutor(session);
    }

    @Override
    public String getId() {
        return CredentialConstants.GUARD_EXECUTOR_ID;
    }

    @Override
    public String getHelpText() {
        return "Rejects generic admin changes to an organization client credential's fixed parts, and generic "
                + "creation of credential-shaped clients.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
