package io.orgcredentials.keycloak.credential;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.hashkey.HashKey;
import io.orgcredentials.keycloak.hashkey.HashKeys;
import org.keycloak.component.ComponentModel;
import org.keycloak.keys.KeyProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

/**
 * Mocked Keycloak models of a sound credential, as the extension creates it: tests change one thing each and see
 * whether the rules notice. Attributes live in a real map, so that the rule code reads what a test wrote.
 */
public final class CredentialModels {

    public static final Instant CREATED = Instant.parse("2026-11-01T00:00:00Z");
    public static final Instant EXPIRES = Instant.parse("2027-05-01T00:00:00Z");

    public final Map<String, String> attributes = new HashMap<>();
    public final ClientModel client = mock(ClientModel.class);
    public final RealmModel realm = mock(RealmModel.class);
    public final KeycloakSession session = mock(KeycloakSession.class);
    public final UserModel serviceAccount = mock(UserModel.class);
    public final RoleModel defaultRole = mock(RoleModel.class);
    public final CredentialProvider credentials = mock(CredentialProvider.class);
    /** The realm's hash key components (one, "k1", to begin with). */
    public final List<ComponentModel> keyComponents = new ArrayList<>();
    /** The secret the credential was created with. */
    public final String secret = CredentialSecret.generate();

    public CredentialModels() {
        lenient().when(client.getAttribute(anyString())).thenAnswer(call -> attributes.get(call.<String>getArgument(0)));
        lenient().doAnswer(call -> attributes.put(call.getArgument(0), call.getArgument(1))).when(client)
                .setAttribute(anyString(), anyString());
        lenient().doAnswer(call -> attributes.remove(call.<String>getArgument(0))).when(client)
                .removeAttribute(anyString());
        lenient().when(realm.getId()).thenReturn("realm-id");
        lenient().when(realm.getComponentsStream(anyString(), eq(KeyProvider.class.getName())))
                .thenAnswer(call -> keyComponents.stream());
        keyComponents.add(hashKeyComponent("k1"));
        lenient().when(client.getClientId()).thenReturn("4b7c0f4e-client");
        lenient().when(client.getId()).thenReturn("client-uuid");
        lenient().when(client.getName()).thenReturn("deploy-bot");
        lenient().when(client.getRealm()).thenReturn(realm);
        lenient().when(client.getClientAuthenticatorType()).thenReturn(CredentialConstants.AUTHENTICATOR_ID);
        lenient().when(client.isServiceAccountsEnabled()).thenReturn(true);
        lenient().when(client.getProtocolMappersStream()).thenAnswer(call -> Stream.empty());
        lenient().when(client.getScopeMappingsStream()).thenAnswer(call -> Stream.empty());
        lenient().when(client.getClientScopes(anyBoolean())).thenReturn(Map.of());
        lenient().when(realm.getDefaultRole()).thenReturn(defaultRole);
        lenient().when(realm.getName()).thenReturn("acme-realm");
        lenient().when(defaultRole.getId()).thenReturn("default-roles-id");
        UserProvider users = mock(UserProvider.class);
        lenient().when(session.users()).thenReturn(users);
        lenient().when(users.getServiceAccount(client)).thenReturn(serviceAccount);
        lenient().when(serviceAccount.getRoleMappingsStream()).thenAnswer(call -> Stream.of(defaultRole));
        lenient().when(serviceAccount.getGroupsStream()).thenAnswer(call -> Stream.empty());
        lenient().when(serviceAccount.getId()).thenReturn("service-account-uuid");
        // The database's answer, as the JPA provider's one statement would give it for the mocked user.
        lenient().when(session.getProvider(CredentialProvider.class)).thenReturn(credentials);
        lenient().when(credentials.holdsOnly(any(UserModel.class), anyString())).thenAnswer(call -> {
            UserModel user = call.getArgument(0);
            String roleId = call.getArgument(1);
            return user.getRoleMappingsStream().allMatch(role -> roleId.equals(role.getId()))
                    && user.getGroupsStream().findAny().isEmpty();
        });
        Credential.bind(client, "org-1", "deploy-bot", CREATED, EXPIRES, secret,
                HashKeys.of(realm).active().orElseThrow(), "service-account-uuid");
    }

    /** A hash key component as the key provider stores it, with fresh material. */
    public static ComponentModel hashKeyComponent(String kid) {
        ComponentModel component = new ComponentModel();
        component.setId("component-" + kid);
        component.setName("key " + kid);
        component.setProviderId(HashKey.PROVIDER_ID);
        component.setProviderType(KeyProvider.class.getName());
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        component.put("kid", kid);
        component.put("secret", java.util.Base64.getEncoder().encodeToString(secret));
        component.put("priority", "100");
        return component;
    }

    public Credential credential() {
        return Credential.of(client).orElseThrow();
    }

    public void defaultScopes(String... names) {
        Map<String, ClientScopeModel> scopes = new HashMap<>();
        for (String name : names) {
            ClientScopeModel scope = mock(ClientScopeModel.class);
            lenient().when(scope.getName()).thenReturn(name);
            scopes.put(name, scope);
        }
        lenient().when(client.getClientScopes(true)).thenReturn(scopes);
    }

    public static RoleModel role(String id, String name) {
        RoleModel role = mock(RoleModel.class);
        lenient().when(role.getId()).thenReturn(id);
        lenient().when(role.getName()).thenReturn(name);
        return role;
    }

    static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }
}
