package io.orgcredentials.keycloak.it.support;

import java.text.ParseException;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Validates access tokens the way an OIDC-aware API does, with Nimbus JOSE+JWT: signature against the realm's
 * JWKS, issuer, expiry.
 */
public final class TokenVerifier {

    private final DefaultJWTProcessor<SecurityContext> processor;

    private TokenVerifier(DefaultJWTProcessor<SecurityContext> processor) {
        this.processor = processor;
    }

    /** Fetches the realm's JWKS (as an API would from the discovery document) and trusts only that issuer. */
    public static TokenVerifier forRealm(KeycloakApi api, String realm) {
        String issuer = api.uri("/realms/" + realm).toString();
        Http.Result discovery = KeycloakApi.expect(200, Http.get(api.uri("/realms/" + realm
                + "/.well-known/openid-configuration"), null), "discovery");
        String jwksUri = discovery.json().get("jwks_uri").asText();
        Http.Result jwks = KeycloakApi.expect(200, Http.get(java.net.URI.create(jwksUri), null), "jwks");
        try {
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                    new ImmutableJWKSet<>(JWKSet.parse(jwks.body()))));
            processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                    new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", "iat", "sub", "azp")));
            return new TokenVerifier(processor);
        } catch (ParseException e) {
            throw new AssertionError("bad JWKS: " + jwks.body(), e);
        }
    }

    /** The verified claims; throws when the signature, issuer or expiry is wrong. */
    public JWTClaimsSet verify(String token) throws BadJOSEException, JOSEException, ParseException {
        return processor.process(token, null);
    }
}
