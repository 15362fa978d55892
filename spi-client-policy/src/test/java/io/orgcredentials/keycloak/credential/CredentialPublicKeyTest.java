package io.orgcredentials.keycloak.credential;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.common.crypto.CryptoIntegration;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jwk.JWKBuilder;
import org.keycloak.util.JsonSerialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which public keys a credential accepts, how it names them, and what it says about the ones it refuses. */
class CredentialPublicKeyTest {

    /** RFC 7638 §3.1: the example RSA key and its SHA-256 thumbprint. */
    private static final String RFC7638_KEY = "{\"kty\":\"RSA\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78L"
            + "hWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h"
            + "4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6"
            + "WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw\",\"e\":\"AQAB\",\"alg\":\"RS256\","
            + "\"kid\":\"2011-04-29\"}";
    private static final String RFC7638_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

    @BeforeAll
    static void crypto() {
        CryptoIntegration.init(CredentialPublicKeyTest.class.getClassLoader());
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JsonSerialization.mapper.readTree(text);
    }

    private static ObjectNode jwk(JWK key) {
        return JsonSerialization.mapper.valueToTree(key);
    }

    private static KeyPair pair(String algorithm, Object parameter) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (parameter instanceof Integer bits) {
            generator.initialize(bits);
        } else if (parameter instanceof String curve) {
            generator.initialize(new ECGenParameterSpec(curve));
        }
        return generator.generateKeyPair();
    }

    private static String pem(byte[] der, String label) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label
                + "-----\n";
    }

    @Test
    void theThumbprintIsRfc7638sAndAGivenKidAndAlgAreKept() throws Exception {
        CredentialPublicKey key = CredentialPublicKey.fromJwk(json(RFC7638_KEY));
        assertThat(key.thumbprint()).isEqualTo(RFC7638_THUMBPRINT);
        assertThat(key.kid()).isEqualTo("2011-04-29");
        assertThat(key.alg()).isEqualTo("RS256");
        assertThat(key.jwk()).containsOnlyKeys("n", "e");
    }

    @Test
    void withoutKidTheThumbprintIsTheKidAndEachTypeGetsItsAlgorithm() throws Exception {
        ObjectNode rsaNode = jwk(JWKBuilder.create().rsa(pair("RSA", 2048).getPublic()));
        rsaNode.remove(List.of("kid", "alg"));
        CredentialPublicKey rsa = CredentialPublicKey.fromJwk(rsaNode);
        assertThat(rsa.kid()).isEqualTo(rsa.thumbprint());
        assertThat(rsa.alg()).isEqualTo("RS256");
        ObjectNode ec = jwk(JWKBuilder.create().ec(pair("EC", "secp384r1").getPublic()));
        ec.remove(List.of("kid", "alg"));
        assertThat(CredentialPublicKey.fromJwk(ec).alg()).isEqualTo("ES384");
        ObjectNode ed = jwk(JWKBuilder.create().okp(pair("Ed25519", null).getPublic()));
        ed.remove(List.of("kid", "alg"));
        CredentialPublicKey okp = CredentialPublicKey.fromJwk(ed);
        assertThat(okp.alg()).isEqualTo("EdDSA");
        assertThat(okp.jwk()).containsOnlyKeys("crv", "x");
    }

    @Test
    void aPemKeyIsTheSameKeyAsItsJwk() throws Exception {
        for (KeyPair pair : List.of(pair("RSA", 3072), pair("EC", "secp256r1"), pair("Ed25519", null))) {
            CredentialPublicKey fromPem = CredentialPublicKey.fromPem(pem(pair.getPublic().getEncoded(), "PUBLIC KEY"));
            JWK built = switch (pair.getPublic().getAlgorithm()) {
                case "RSA" -> JWKBuilder.create().rsa(pair.getPublic());
                case "EC" -> JWKBuilder.create().ec(pair.getPublic());
                default -> JWKBuilder.create().okp(pair.getPublic());
            };
            ObjectNode node = jwk(built);
            node.remove(List.of("kid", "alg"));
            assertThat(fromPem).isEqualTo(CredentialPublicKey.fromJwk(node));
        }
    }

    @Test
    void privateSymmetricSmallAndUnknownKeysAreRefusedWithTheReason() throws Exception {
        ObjectNode withD = json(RFC7638_KEY).put("d", "AAAA");
        assertThatThrownBy(() -> CredentialPublicKey.fromJwk(withD)).hasMessageContaining("private member 'd'");
        assertThatThrownBy(() -> CredentialPublicKey.fromJwk(json("{\"kty\":\"oct\",\"x\":\"AAAA\"}")))
                .hasMessageContaining("symmetric");
        ObjectNode small = jwk(JWKBuilder.create().rsa(pair("RSA", 1024).getPublic()));
        assertThatThrownBy(() -> CredentialPublicKey.fromJwk(small)).hasMessageContaining("1024 bits");
        ObjectNode curve = jwk(JWKBuilder.create().ec(pair("EC", "secp256r1").getPublic())).put("crv", "secp256k1");
        assertThatThrownBy(() -> CredentialPublicKey.fromJwk(curve)).hasMessageContaining("curve 'secp256k1'");
        ObjectNode wrongAlg = jwk(JWKBuilder.create().ec(pair("EC", "secp256r1").getPublic())).put("alg", "ES512");
        assertThatThrownBy(() -> CredentialPublicKey.fromJwk(wrongAlg)).hasMessageContaining("use ES256");
        ObjectNode offCurve = jwk(JWKBuilder.create().ec(pair("EC", "secp256r1").getPublic())).put("y", "AAAA");
        assertThatThrownBy(() -> CredentialPublicKey.fromJwk(offCurve)).isInstanceOf(CredentialException.class);
        assertThatThrownBy(() -> CredentialPublicKey.fromJwk(json(RFC7638_KEY).put("kid", "a/b")))
                .hasMessageContaining("kid");
        assertThatThrownBy(() -> CredentialPublicKey.fromJwk(json("{\"kty\":\"RSA\"}"))).hasMessageContaining("'n'");
        assertThatThrownBy(() -> CredentialPublicKey.fromJwk(JsonSerialization.mapper.readTree("[1]"))).hasMessageContaining("JSON object");
    }

    @Test
    void aPemOfAPrivateKeyOrOfNoKeyIsRefused() throws Exception {
        KeyPair pair = pair("RSA", 2048);
        assertThatThrownBy(() -> CredentialPublicKey.fromPem(pem(pair.getPrivate().getEncoded(), "PRIVATE KEY")))
                .hasMessageContaining("private key");
        assertThatThrownBy(() -> CredentialPublicKey.fromPem(pem("not a key".getBytes(), "PUBLIC KEY")))
                .hasMessageContaining("no RSA, EC or Ed25519 public key");
        assertThatThrownBy(() -> CredentialPublicKey.fromPem("hello")).hasMessageContaining("BEGIN PUBLIC KEY");
    }

    @Test
    void aStoredKeySetReadsBackAsTheSameKeysAndADamagedOneAsNone() throws Exception {
        CredentialPublicKey first = CredentialPublicKey.fromJwk(json(RFC7638_KEY));
        ObjectNode ec = jwk(JWKBuilder.create().ec(pair("EC", "secp521r1").getPublic()));
        ec.remove(List.of("kid", "alg"));
        CredentialPublicKey second = CredentialPublicKey.fromJwk(ec);
        String stored = CredentialPublicKey.writeJwks(List.of(first, second));
        assertThat(CredentialPublicKey.readJwks(stored)).containsExactly(first, second);
        JsonNode keys = JsonSerialization.mapper.readTree(stored).get("keys");
        assertThat(keys.get(1).get("alg").asText()).isEqualTo("ES512");
        assertThat(keys.get(1).get("use").asText()).isEqualTo("sig");
        assertThat(CredentialPublicKey.readJwks("{\"keys\":[{\"kty\":\"oct\"}]}")).isEmpty();
        assertThat(CredentialPublicKey.readJwks("not json")).isEmpty();
    }
}
