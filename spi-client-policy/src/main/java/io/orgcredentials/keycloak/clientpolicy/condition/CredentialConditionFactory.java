package io.orgcredentials.keycloak.clientpolicy.condition;

import java.util.ArrayList;
import java.util.List;

import com.google.auto.service.AutoService;
import io.orgcredentials.keycloak.CredentialConstants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.condition.AbstractClientPolicyConditionProviderFactory;
import org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProvider;
import org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProviderFactory;

@AutoService(ClientPolicyConditionProviderFactory.class)
public class CredentialConditionFactory extends AbstractClientPolicyConditionProviderFactory {

    @Override
    public ClientPolicyConditionProvider create(KeycloakSession session) {
        return new CredentialCondition(session);
    }

    @Override
    public String getId() {
        return CredentialConstants.CONDITION_ID;
    }

    @Override
    public String getHelpText() {
        return "Matches admin operations on organization client credentials, and on clients made to look like one.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> properties = new ArrayList<>();
        addCommonConfigProperties(properties);
        return properties;
    }
}
