package io.orgcredentials.keycloak.credential;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.hashkey.HashKeys;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.common.crypto.CryptoIntegration;
import org.keycloak.jose.jwk.JWKBuilder;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.util.JsonSerialization;

import static org.assertj.core.api.Assertions.assertThat;

/** A credential with public keys: sound as created, sealed with its keys, and never a secret's. */
class KeyCredentialTest {

    private final CredentialModels models = new CredentialModels();
    private final CredentialSettings settings = CredentialSettings.DEFAULTS;
    private CredentialPublicKey first;
    private CredentialPublicKey second;

    @BeforeAll
    static void crypto() {
        CryptoIntegration.init(KeyCredentialTest.class.getClassLoader());
    }

    private static CredentialPublicKey newKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        ObjectNode jwk = JsonSerialization.mapper.valueToTree(JWKBuilder.create().ec(generator.generateKeyPair()
                .getPublic()));
        jwk.remove(List.of("kid", "alg"));
        return CredentialPublicKey.fromJwk(jwk);
    }

    /** The models' client made anew as a key credential (the secret attributes of the default one removed). */
    @BeforeEach
    void keyCredential() throws Exception {
        first = newKey();
        second = newKey();
        models.attributes.clear();
        Credential.bindKeys(models.client, "org-1", "deploy-bot", CredentialModels.CREATED, CredentialModels.EXPIRES,
                List.of(first), HashKeys.of(models.realm).active().orElseThrow(), "service-account-uuid");
    }

    @Test
    void aKeyCredentialAsCreatedIsUsableAndTakesNoSecret() {
        Credential credential = models.credential();
        assertThat(credential.usesKeys()).isTrue();
        assertThat(credential.authMethod()).isEqualTo("private_key_jwt");
        assertThat(credential.publicKeys()).containsExactly(first);
        assertThat(models.attributes).containsEntry(OIDCConfigAttributes.USE_JWKS_STRING, "true")
                .doesNotContainKey(Credential.SECRET_HASH);
        assertThat(credential.unusableReason(models.session, settings)).isEmpty();
        assertThat(credential.secretMatch(models.secret, HashKeys.of(models.realm), false, CredentialModels.CREATED))
                .isEqualTo(Credential.SecretMatch.NONE);
    }

    @Test
    void replacingTheKeysReseals() {
        models.credential().replaceKeys(List.of(first, second), HashKeys.of(models.realm).active().orElseThrow(),
                "service-account-uuid");
        assertThat(models.credential().publicKeys()).containsExactly(first, second);
        assertThat(models.credential().unusableReason(models.session, settings)).isEmpty();
    }

    @Test
    void aKeySwappedInOutsideTheExtensionBreaksTheSeal() {
        models.attributes.put(OIDCConfigAttributes.JWKS_STRING, CredentialPublicKey.writeJwks(List.of(second)));
        assertThat(models.credential().unusableReason(models.session, settings)).hasValueSatisfying(reason ->
                assertThat(reason).contains("(organization, expiry, secret hash or public keys) or its service account were changed outside"));
    }

    @Test
    void keysTakenFromElsewhereOrLooserAssertionRulesMakeItUnusable() {
        models.attributes.put(OIDCConfigAttributes.USE_JWKS_URL, "true");
        assertThat(models.credential().unusableReason(models.session, settings))
                .contains("its client was given the setting use.jwks.url for client assertions");
        models.attributes.remove(OIDCConfigAttributes.USE_JWKS_URL);
        models.attributes.put(OIDCConfigAttributes.TOKEN_ENDPOINT_AUTH_SIGNING_MAX_EXP, "86400");
        assertThat(models.credential().unusableReason(models.session, settings))
                .contains("its client was given the setting token.endpoint.auth.signing.max.exp for client assertions");
        models.attributes.remove(OIDCConfigAttributes.TOKEN_ENDPOINT_AUTH_SIGNING_MAX_EXP);
        models.attributes.put(OIDCConfigAttributes.USE_JWKS_STRING, "false");
        assertThat(models.credential().unusableReason(models.session, settings))
                .contains("its client no longer takes its keys from the credential (use.jwks.string)");
    }

    @Test
    void aSecretAddedToAKeyCredentialMakesItUnusable() {
        models.attributes.put(Credential.SECRET_HASH, "v3:k1:abc");
        assertThat(models.credential().unusableReason(models.session, settings))
                .contains("its attributes give it both public keys and a secret");
    }
}
