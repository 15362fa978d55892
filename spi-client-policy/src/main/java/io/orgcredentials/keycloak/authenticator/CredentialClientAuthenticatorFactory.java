package io.orgcredentials.keycloak.authenticator;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.auto.service.AutoService;
import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.StatelessProviderFactory;
import org.keycloak.authentication.ClientAuthenticator;
import org.keycloak.authentication.ClientAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

@AutoService(ClientAuthenticatorFactory.class)
public class CredentialClientAuthenticatorFactory
        implements ClientAuthenticatorFactory, StatelessProviderFactory<ClientAuthenticator> {

    private static final CredentialClientAuthenticator SINGLETON = new CredentialClientAuthenticator();
    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.ALTERNATIVE, AuthenticationExecutionModel.Requirement.DISABLED};

    @Override
    public String getId() {
        return CredentialConstants.AUTHENTICATOR_ID;
    }

    @Override
    public ClientAuthenticator create() {
        return SINGLETON;
    }

    @Override
    public ClientAuthenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getDisplayType() {
        return "Organization client credential (hashed secret)";
    }

    @Override
    public String getHelpText() {
        return "Authenticates organization client credentials created through the org-client-credentials API: "
                + "hashed secret, fixed expiry, enabled organization. Other clients are not affected.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENTS;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public List<ProviderConfigProperty> getConfigPropertiesPerClient() {
        return List.of();
    }

    /** Adapter configuration never carries the secret: there is none to give. (Keycloak up to 26.6.) */
    @Override
    public Map<String, Object> getAdapterConfiguration(ClientModel client) {
        return Map.of();
    }

    /** The same, as Keycloak 26.7 asks for it (no @Override: the method does not exist in the API compiled against). */
    public Map<String, Object> getAdapterConfiguration(KeycloakSession session, ClientModel client) {
        return Map.of();
    }

    /**
     * No OIDC method names: Dynamic Client Registration picks the first authenticator that claims
     * client_secret_basic, and it must never pick this one. Discovery already lists basic and post.
     */
    @Override
    public Set<String> getProtocolAuthenticatorMethods(String loginProtocol) {
        return Set.of();
    }

    /** The console then hides the secret box and the Regenerate button for credentials. */
    @Override
    public boolean supportsSecret() {
        return false;
    }
}
