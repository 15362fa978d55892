package io.orgcredentials.keycloak.clientpolicy.executor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.orgcredentials.keycloak.credential.Credential;
import io.orgcredentials.keycloak.credential.CredentialModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.representations.idm.ClientRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** The guard's change detection: what a generic client update may and may not touch on a credential. */
class CredentialGuardExecutorTest {

    private final CredentialModels models = new CredentialModels();

    /** What the admin console sends back for an unchanged credential: the client as it is. */
    private ClientRepresentation unchanged() {
        models.defaultScopes("basic", "deployments");
        ClientRepresentation rep = new ClientRepresentation();
        rep.setClientId(models.client.getClientId());
        rep.setName("deploy-bot");
        rep.setAttributes(new HashMap<>(models.attributes));
        rep.setClientAuthenticatorType(models.client.getClientAuthenticatorType());
        rep.setPublicClient(false);
        rep.setBearerOnly(false);
        rep.setServiceAccountsEnabled(true);
        rep.setStandardFlowEnabled(false);
        rep.setImplicitFlowEnabled(false);
        rep.setDirectAccessGrantsEnabled(false);
        rep.setFullScopeAllowed(false);
        rep.setDefaultClientScopes(List.of("deployments", "basic"));
        return rep;
    }

    @Test
    void resendingTheClientAsItIsChangesNothingFixed() {
        assertThat(CredentialGuardExecutor.forbiddenChange(models.client, unchanged())).isEmpty();
        assertThat(CredentialGuardExecutor.forbiddenChange(models.client, null)).isEmpty();
    }

    @Test
    void displayNameDescriptionAndEnabledStayEditable() {
        ClientRepresentation rep = unchanged();
        rep.setName("renamed");
        rep.setDescription("new description");
        rep.setEnabled(false);
        assertThat(CredentialGuardExecutor.forbiddenChange(models.client, rep)).isEmpty();
    }

    @Test
    void aClientThatIsNoCredentialIsRefusedAsMarking() {
        models.attributes.remove(Credential.ORGANIZATION_ID);
        assertThat(CredentialGuardExecutor.forbiddenChange(models.client, new ClientRepresentation()))
                .contains("credential marking");
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                change("client id", rep -> rep.setClientId("other"), "client id"),
                change("organization attribute", rep -> rep.getAttributes().put(Credential.ORGANIZATION_ID,
                        "org-2"), "attribute " + Credential.ORGANIZATION_ID),
                change("expiry attribute", rep -> rep.getAttributes().put(Credential.EXPIRES_AT, "1"),
                        "attribute " + Credential.EXPIRES_AT),
                change("secret hash removed", rep -> rep.getAttributes().put(Credential.SECRET_HASH, null),
                        "attribute " + Credential.SECRET_HASH),
                change("authenticator", rep -> rep.setClientAuthenticatorType("client-secret"), "client authenticator"),
                change("plain secret", rep -> rep.setSecret("chosen-by-admin"), "secret"),
                change("public", rep -> rep.setPublicClient(true), "service-account set-up"),
                change("bearer-only", rep -> rep.setBearerOnly(true), "service-account set-up"),
                change("no service account", rep -> rep.setServiceAccountsEnabled(false), "service-account set-up"),
                change("standard flow", rep -> rep.setStandardFlowEnabled(true), "set of grants (no user login flows)"),
                change("implicit flow", rep -> rep.setImplicitFlowEnabled(true), "set of grants (no user login flows)"),
                change("password grant", rep -> rep.setDirectAccessGrantsEnabled(true), "set of grants (no user login flows)"),
                change("device grant", rep -> rep.getAttributes().put("oauth2.device.authorization.grant.enabled",
                        "true"), "setting oauth2.device.authorization.grant.enabled"),
                change("full scope", rep -> rep.setFullScopeAllowed(true), "role scope"),
                change("extra default scope", rep -> rep.setDefaultClientScopes(List.of("basic", "deployments",
                        "roles")), "set of client scopes"),
                change("dropped default scope", rep -> rep.setDefaultClientScopes(List.of("basic")),
                        "set of client scopes"),
                change("optional scope", rep -> rep.setOptionalClientScopes(List.of("offline_access")),
                        "set of client scopes"));
    }

    private static Arguments change(String name, Consumer<ClientRepresentation> edit, String what) {
        return Arguments.of(name, edit, what);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void everyFixedPartIsNamedWhenAnUpdateWouldChangeIt(String name, Consumer<ClientRepresentation> edit,
                                                        String what) {
        ClientRepresentation rep = unchanged();
        edit.accept(rep);
        assertThat(CredentialGuardExecutor.forbiddenChange(models.client, rep)).contains(what);
    }

    @Test
    void fieldsLeftOutOfAPartialUpdateAreNotChanges() {
        ClientRepresentation partial = new ClientRepresentation();
        partial.setDescription("only this");
        assertThat(CredentialGuardExecutor.forbiddenChange(models.client, partial)).isEmpty();
        partial.setAttributes(Map.of("some.other.attribute", "x"));
        assertThat(CredentialGuardExecutor.forbiddenChange(models.client, partial)).isEmpty();
    }
}
