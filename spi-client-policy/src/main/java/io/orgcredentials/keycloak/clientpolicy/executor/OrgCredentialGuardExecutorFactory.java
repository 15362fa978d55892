package io.orgcredentials.keycloak.clientpolicy.executor;

import io.orgcredentials.keycloak.OrgCredentialsConstants;
import java.util.List;

import com.google.auto.service.AutoService;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

@AutoService(ClientPolicyExecutorProviderFactory.class)
public class OrgCredentialGuardExecutorFactory implements ClientPolicyExecutorProviderFactory {

    public static final String ID = OrgCredentialsConstants.GUARD_EXECUTOR_ID;

    @Override
    public ClientPolicyExecutorProvider<?> create(KeycloakSession session) {
        return new OrgCredentialGuardExecutor(session);
    }

    @Override
    public String getId() {
        return ID;
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

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
