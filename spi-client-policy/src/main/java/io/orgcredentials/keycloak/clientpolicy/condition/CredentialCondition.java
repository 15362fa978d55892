package io.orgcredentials.keycloak.clientpolicy.condition;

import java.util.Map;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.compat.ServerCompatibility;
import io.orgcredentials.keycloak.credential.Credential;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientPolicyConditionConfigurationRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyVote;
import org.keycloak.services.clientpolicy.condition.AbstractClientPolicyConditionProvider;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenResponseContext;

/**
 * Matches generic admin-API and client-registration operations that touch a credential (those on a client that is
 * one, and those whose proposed representation would make a client look like one), and a credential's token
 * response.
 */
public class CredentialCondition
        extends AbstractClientPolicyConditionProvider<ClientPolicyConditionConfigurationRepresentation> {

    public CredentialCondition(KeycloakSession session) {
        super(session);
    }

    @Override
    public Class<ClientPolicyConditionConfigurationRepresentation> getConditionConfigurationClass() {
        return ClientPolicyConditionConfigurationRepresentation.class;
    }

    @Override
    public String getProviderId() {
        return CredentialConstants.CONDITION_ID;
    }

    @Override
    public ClientPolicyVote applyPolicy(ClientPolicyContext context) {
        if (context instanceof ServiceAccountTokenResponseContext response) {
            // The token response of a credential: the executor shapes the token there (Keycloak 26.4/26.5). Where
            // the token interceptor shapes it (26.7+) the policy stays out of the token path: a YES would make
            // Keycloak parse the realm's client profiles on every token request for nothing.
            return !ServerCompatibility.current().hasTokenInterceptor()
                    && Credential.isCredential(response.getClientSession().getClient())
                    ? ClientPolicyVote.YES : ClientPolicyVote.ABSTAIN;
        }
        if (!(context instanceof ClientCRUDContext crud)) {
            return ClientPolicyVote.ABSTAIN;
        }
        boolean touchesCredential = Credential.isCredential(crud.getTargetClient())
                || carriesCredentialAttributes(crud.getProposedClientRepresentation());
        return touchesCredential ? ClientPolicyVote.YES : ClientPolicyVote.ABSTAIN;
    }

    static boolean carriesCredentialAttributes(ClientRepresentation proposed) {
        if (proposed == null) {
            return false;
        }
        if (CredentialConstants.AUTHENTICATOR_ID.equals(proposed.getClientAuthenticatorType())) {
            return true;
        }
        Map<String, String> attributes = proposed.getAttributes();
        return attributes != null && attributes.keySet().stream().anyMatch(Credential.ATTRIBUTES::contains);
    }
}
