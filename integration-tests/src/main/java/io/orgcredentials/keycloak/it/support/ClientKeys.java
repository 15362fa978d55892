package io.orgcredentials.keycloak.it.support;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * A client's key pair and the client assertions (RFC 7523 §2.2) it signs, as a service would make them with
 * nimbus-jose-jwt: {@code iss} = {@code sub} = the client id, an audience, a short {@code exp} and a fresh {@code jti}.
 * Ed25519 is signed with the JDK (nimbus needs Tink for it).
 */
public final class ClientKeys {

    public static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final JWK jwk;
    private final KeyPair edPair;

    private ClientKeys(JWK jwk, KeyPair edPair) {
        this.jwk = jwk;
        this.edPair = edPair;
    }

    public static ClientKeys rsa(int bits) {
        try {
            return new ClientKeys(new RSAKeyGenerator(bits).keyUse(KeyUse.SIGNATURE).generate(), null);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ClientKeys ec(Curve curve) {
        try {
            return new ClientKeys(new ECKeyGenerator(curve).keyUse(KeyUse.SIGNATURE).generate(), null);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ClientKeys ed25519() {
        try {
            return new ClientKeys(null, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK, as a service registers it (no kid: the server names the key by its thumbprint). */
    public ObjectNode publicJwk() {
        try {
            if (edPair != null) {
                byte[] spki = edPair.getPublic().getEncoded();
                byte[] x = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
                return Http.object().put("kty", "OKP").put("crv", "Ed25519")
                        .put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(x));
            }
            ObjectNode node = (ObjectNode) Http.JSON.readTree(jwk.toPublicJWK().toJSONString());
            node.remove(List.of("kid", "use"));
            return node;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private JWK (with d): what must never be accepted. */
    public ObjectNode privateJwk() {
        try {
            return (ObjectNode) Http.JSON.readTree(jwk.toJSONString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {"jwks": {"keys": [<public JWK>]}}, the create and add-key body's key. */
    public ObjectNode jwksField() {
        ObjectNode body = Http.object();
        body.putObject("jwks").putArray("keys").add(publicJwk());
        return body;
    }

    /** The public key as PEM (SubjectPublicKeyInfo). */
    public String publicPem() {
        try {
            byte[] der = edPair != null ? edPair.getPublic().getEncoded()
                    : jwk instanceof RSAKey rsa ? rsa.toPublicKey().getEncoded() : ((ECKey) jwk).toPublicKey().getEncoded();
            return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                    + "\n-----END PUBLIC KEY-----\n";
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private key as PEM (PKCS #8), as a service keeps it (RSA and EC keys). */
    public String privatePem() {
        try {
            byte[] der = jwk instanceof RSAKey rsa ? rsa.toPrivateKey().getEncoded()
                    : ((ECKey) jwk).toPrivateKey().getEncoded();
            return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key's bytes as published in PEM (what an HS256 forgery would use as its MAC key). */
    public byte[] publicKeyBytes() {
        return publicPem().getBytes(StandardCharsets.US_ASCII);
    }

    /** An assertion for {@code clientId} to {@code audience}, valid for a minute, with a fresh jti. */
    public String assertion(String clientId, String audience) {
        return assertion(claims(clientId, clientId, audience, Instant.now().plusSeconds(60), UUID.randomUUID().toString()));
    }

    public static JWTClaimsSet claims(String issuer, String subject, String audience, Instant expires, String jti) {
        return new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(audience)
                .expirationTime(Date.from(expires)).issueTime(new Date()).jwtID(jti).build();
    }

    /** Signs the claims with this key, with the key's usual algorithm (RS256, ES256/384/512, EdDSA). */
    public String assertion(JWTClaimsSet claims) {
        try {
            if (edPair != null) {
                return signEd25519(claims);
            }
            if (jwk instanceof RSAKey rsa) {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), claims);
                jwt.sign(new RSASSASigner(rsa));
                return jwt.serialize();
            }
            ECKey ec = (ECKey) jwk;
            JWSAlgorithm alg = ec.getCurve() == Curve.P_256 ? JWSAlgorithm.ES256
                    : ec.getCurve() == Curve.P_384 ? JWSAlgorithm.ES384 : JWSAlgorithm.ES512;
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).build(), claims);
            jwt.sign(new ECDSASigner(ec));
            return jwt.serialize();
        } catch (JOSEException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** alg "none": an unsigned assertion. */
    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    /** HS256 with the public key's published bytes as the MAC key: the classic algorithm confusion. */
    public String hmacWithPublicKey(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), claims);
            jwt.sign(new MACSigner(publicKeyBytes()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private String signEd25519(JWTClaimsSet claims) throws java.security.GeneralSecurityException {
        String header = Base64URL.encode("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}").toString();
        String payload = Base64URL.encode(claims.toString()).toString();
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(edPair.getPrivate());
        signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + Base64URL.encode(signer.sign());
    }

    /** The token request form for a client assertion. */
    public static Map<String, String> assertionForm(String assertion, String scope) {
        return scope == null
                ? Http.form("grant_type", "client_credentials", "client_assertion_type", ASSERTION_TYPE,
                        "client_assertion", assertion)
                : Http.form("grant_type", "client_credentials", "client_assertion_type", ASSERTION_TYPE,
                        "client_assertion", assertion, "scope", scope);
    }
}
