package io.orgcredentials.keycloak.credential;

import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.orgcredentials.keycloak.hashkey.HashKeys;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.models.GroupModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RoleModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The rule "why can this credential not get a token" over the client's cached models. */
class CredentialTest {

    private final CredentialModels models = new CredentialModels();
    private final CredentialSettings settings = CredentialSettings.DEFAULTS;

    @Test
    void aCredentialAsCreatedIsUsable() {
        models.defaultScopes("basic", "deployments", "configs", "certificates");
        assertThat(models.credential().unusableReason(models.session, settings)).isEmpty();
    }

    @Test
    void aClientWithoutTheOrganizationAttributeIsNoCredential() {
        models.attributes.remove(Credential.ORGANIZATION_ID);
        assertThat(Credential.isCredential(models.client)).isFalse();
        assertThat(Credential.of(models.client)).isEmpty();
        assertThat(Credential.isCredential(null)).isFalse();
    }

    static Stream<Arguments> damage() {
        return Stream.of(
                damage("no name", m -> m.attributes.remove(Credential.NAME), "incomplete or damaged"),
                damage("no secret hash", m -> m.attributes.remove(Credential.SECRET_HASH),
                        "incomplete or damaged"),
                damage("created-at not a number", m -> m.attributes.put(Credential.CREATED_AT, "yesterday"),
                        "incomplete or damaged"),
                damage("expires-at out of range", m -> m.attributes.put(Credential.EXPIRES_AT,
                        "999999999999999999"), "incomplete or damaged"),
                damage("another authenticator", m -> when(m.client.getClientAuthenticatorType())
                        .thenReturn("client-secret"), "client authenticator was changed to client-secret"),
                damage("public client", m -> when(m.client.isPublicClient()).thenReturn(true),
                        "no longer a confidential service-account client"),
                damage("bearer-only", m -> when(m.client.isBearerOnly()).thenReturn(true),
                        "no longer a confidential service-account client"),
                damage("service account off", m -> when(m.client.isServiceAccountsEnabled()).thenReturn(false),
                        "no longer a confidential service-account client"),
                damage("standard flow", m -> when(m.client.isStandardFlowEnabled()).thenReturn(true),
                        "user login flow"),
                damage("direct access grants", m -> when(m.client.isDirectAccessGrantsEnabled()).thenReturn(true),
                        "user login flow"),
                damage("refresh tokens", m -> m.attributes.put("client_credentials.use_refresh_token", "true"),
                        "client_credentials.use_refresh_token=true"),
                damage("token exchange", m -> m.attributes.put("standard.token.exchange.enabled", "TRUE"),
                        "standard.token.exchange.enabled=true"),
                damage("JWT authorization grant (26.5+)", m -> m.attributes.put(
                        "oauth2.jwt.authorization.grant.enabled", "true"), "oauth2.jwt.authorization.grant.enabled=true"),
                damage("external tokens (26.7)", m -> m.attributes.put("external.token.enabled", "true"),
                        "external.token.enabled=true"),
                damage("credential issuance", m -> m.attributes.put("oid4vci.enabled", "true"),
                        "oid4vci.enabled=true"),
                damage("an unkeyed hash of the first builds", m -> m.attributes.put(Credential.SECRET_HASH,
                        "v1:" + m.attributes.get(Credential.SECRET_HASH).substring(3)), "without a key"),
                damage("full scope", m -> when(m.client.isFullScopeAllowed()).thenReturn(true), "full role scope"),
                damage("own protocol mapper", m -> when(m.client.getProtocolMappersStream())
                        .thenAnswer(call -> Stream.of(new ProtocolMapperModel())), "protocol mappers of its own"),
                damage("role scope mapping", m -> when(m.client.getScopeMappingsStream())
                        .thenAnswer(call -> Stream.of(CredentialModels.role("r1", "admin"))), "role scope mappings"),
                damage("no service account", m -> when(m.session.users().getServiceAccount(m.client)).thenReturn(null),
                        "service-account user is missing"),
                damage("extra role", m -> {
                    RoleModel admin = CredentialModels.role("realm-admin-id", "realm-admin");
                    when(m.serviceAccount.getRoleMappingsStream()).thenAnswer(call -> Stream.of(m.defaultRole, admin));
                }, "was given the role 'realm-admin'"),
                damage("a group", m -> {
                    GroupModel group = mock(GroupModel.class);
                    when(group.getName()).thenReturn("operators");
                    when(m.serviceAccount.getGroupsStream()).thenAnswer(call -> Stream.of(group));
                }, "put in the group 'operators'"),
                damage("a foreign default scope", m -> m.defaultScopes("basic", "deployments", "profile"),
                        "default client scope 'profile'"),
                damage("expiry moved in an import file", m -> m.attributes.put(Credential.EXPIRES_AT,
                        Long.toString(CredentialModels.EXPIRES.plusSeconds(86_400).getEpochSecond())),
                        "changed outside the org-client-credentials API"),
                damage("organization changed", m -> m.attributes.put(Credential.ORGANIZATION_ID, "org-2"),
                        "changed outside the org-client-credentials API"),
                damage("hash replaced", m -> m.attributes.put(Credential.SECRET_HASH,
                        otherLastCharacter(m.attributes.get(Credential.SECRET_HASH))),
                        "changed outside the org-client-credentials API"),
                damage("grace extended", m -> {
                    m.attributes.put(Credential.PREVIOUS_SECRET_HASH, m.attributes.get(Credential.SECRET_HASH));
                    m.attributes.put(Credential.PREVIOUS_SECRET_UNTIL, "1900000000");
                }, "changed outside the org-client-credentials API"),
                damage("service account re-created (partial import)", m -> when(m.serviceAccount.getId())
                        .thenReturn("another-service-account"), "changed outside the org-client-credentials API"),
                damage("no seal", m -> m.attributes.remove(Credential.SEAL), "carries no seal"),
                damage("key not in the realm", m -> m.keyComponents.clear(), "imported without its hash key"),
                damage("key disabled", m -> m.keyComponents.get(0).put("enabled", "false"), "is disabled"),
                damage("key without material", m -> m.keyComponents.get(0).getConfig().remove("secret"),
                        "has no key material"));
    }

    /** The hash with its last character changed (always changed: a random hash may already end in any one). */
    private static String otherLastCharacter(String hash) {
        char last = hash.charAt(hash.length() - 1);
        return hash.substring(0, hash.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    private static Arguments damage(String name, Consumer<CredentialModels> change, String reason) {
        return Arguments.of(name, change, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damage")
    void everyChangeOutsideTheExtensionMakesItUnusableAndSaysWhy(String name, Consumer<CredentialModels> change,
                                                                 String reason) {
        change.accept(models);
        assertThat(models.credential().unusableReason(models.session, settings)).hasValueSatisfying(
                why -> assertThat(why).contains(reason));
    }

    @Test
    void expiryIsTheFirstSecondAtWhichTheCredentialNoLongerWorks() {
        Credential credential = models.credential();
        assertThat(credential.isExpired(CredentialModels.EXPIRES.minusSeconds(1))).isFalse();
        assertThat(credential.isExpired(CredentialModels.EXPIRES)).isTrue();
        models.attributes.put(Credential.EXPIRES_AT, "not-a-date");
        assertThat(credential.expiresAt()).isNull();
        assertThat(credential.isExpired(Instant.EPOCH)).as("a damaged expiry counts as expired").isTrue();
    }

    @Test
    void onlyBuiltInAndResourceScopesBelongToACredential() {
        assertThat(Credential.isForeignScope("basic", settings)).isFalse();
        assertThat(Credential.isForeignScope("service_account", settings)).isFalse();
        assertThat(Credential.isForeignScope("configs", settings)).isFalse();
        assertThat(Credential.isForeignScope("roles", settings)).isTrue();
        assertThat(Credential.isForeignScope("Configs", settings)).isTrue();
    }

    @Test
    void aDamagedCredentialNeverMatchesASecret() {
        models.attributes.remove(Credential.EXPIRES_AT);
        assertThat(models.credential().secretMatch(models.secret, HashKeys.of(models.realm), false, java.time.Instant.now()))
                .isEqualTo(Credential.SecretMatch.NONE);
    }

    @Test
    void theSecretMatchesWithItsKeyAndWithNoOther() {
        Instant now = CredentialModels.CREATED;
        assertThat(models.credential().secretMatch(models.secret, HashKeys.of(models.realm), false, now))
                .isEqualTo(Credential.SecretMatch.CURRENT);
        models.keyComponents.set(0, CredentialModels.hashKeyComponent("k1"));
        assertThat(models.credential().secretMatch(models.secret, HashKeys.of(models.realm), false, now))
                .as("same key id, other material (a key made up in its place)")
                .isEqualTo(Credential.SecretMatch.NONE);
    }

    @Test
    void aRotationKeepsBothSecretsUnderTheirOwnKeysAndReseals() {
        Instant now = CredentialModels.CREATED.plusSeconds(60);
        models.keyComponents.add(CredentialModels.hashKeyComponent("k2"));
        models.keyComponents.get(1).put("priority", "200");
        HashKeys keys = HashKeys.of(models.realm);
        String newSecret = CredentialSecret.generate();
        models.credential().rotate(newSecret, keys.active().orElseThrow(), now, now.plusSeconds(3600),
                "service-account-uuid");
        assertThat(models.attributes.get(Credential.SECRET_HASH)).startsWith("v3:k2:");
        assertThat(models.attributes.get(Credential.SEAL)).startsWith("k2:");
        assertThat(models.credential().secretMatch(newSecret, keys, false, now)).isEqualTo(Credential.SecretMatch.CURRENT);
        assertThat(models.credential().secretMatch(models.secret, keys, false, now))
                .isEqualTo(Credential.SecretMatch.PREVIOUS);
        assertThat(models.credential().secretMatch(models.secret, keys, false, now.plusSeconds(3600))).as("after the grace")
                .isEqualTo(Credential.SecretMatch.NONE);
        models.defaultScopes("basic", "deployments");
        assertThat(models.credential().unusableReason(models.session, settings)).isEmpty();
        models.keyComponents.remove(0);
        assertThat(models.credential().unusableReason(models.session, settings)).as("the old key only served the previous secret")
                .isEmpty();
    }
}
