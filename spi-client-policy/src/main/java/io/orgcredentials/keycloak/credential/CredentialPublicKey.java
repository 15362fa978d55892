package io.orgcredentials.keycloak.credential;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.common.util.Base64Url;
import org.keycloak.crypto.Algorithm;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jwk.JWKBuilder;
import org.keycloak.jose.jwk.JWKParser;
import org.keycloak.util.JWKSUtils;
import org.keycloak.util.JsonSerialization;

/**
 * One public key a credential authenticates with (RFC 7523 client assertions), as the extension accepts and keeps it:
 * a public JWK (RFC 7517) with nothing but the members a verifier needs, its RFC 7638 thumbprint, a {@code kid} (the
 * thumbprint unless the key came with one) and the signing algorithm it is for. RSA of at least 2048 bits, EC on
 * P-256, P-384 or P-521, and Ed25519. Anything else, and anything private, is refused with a sentence that says why.
 */
public record CredentialPublicKey(String kid, String kty, String alg, String thumbprint, Map<String, String> jwk) {

    public static final int MIN_RSA_BITS = 2048;
    public static final int MAX_RSA_BITS = 8192;

    /** Members that only a private or symmetric JWK has (RFC 7518 §6.2.2, §6.3.2, §6.4; OKP's d). */
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    /** What a {@code kid} may be: it is part of the key's URL (DELETE .../keys/{kid}). */
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    private static final Map<String, String> CURVE_ALGORITHMS = Map.of("P-256", Algorithm.ES256, "P-384",
            Algorithm.ES384, "P-521", Algorithm.ES512);
    private static final Set<String> RSA_ALGORITHMS = Set.of(Algorithm.RS256, Algorithm.RS384, Algorithm.RS512,
            Algorithm.PS256, Algorithm.PS384, Algorithm.PS512);
    private static final String ED25519 = "Ed25519";
    /** A JWK is small; anything much larger is not one (a 8192-bit RSA key is about 1.5 kB). */
    private static final int MAX_JWK_CHARS = 4096;

    /** The key as a JWK object of its own: the members a verifier needs, plus kid, alg and use. */
    public JWK toJwk() {
        JWK out = new JWK();
        out.setKeyId(kid);
        out.setKeyType(kty);
        out.setAlgorithm(alg);
        out.setPublicKeyUse("sig");
        jwk.forEach(out::setOtherClaims);
        return out;
    }

    /**
     * A key from a JWK object the caller sent.
     *
     * @throws CredentialException INVALID_INPUT, saying what is wrong with it
     */
    public static CredentialPublicKey fromJwk(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw invalid("a public key must be a JWK: a JSON object with kty and the key's public members");
        }
        if (node.toString().length() > MAX_JWK_CHARS) {
            throw invalid("the JWK is larger than " + MAX_JWK_CHARS + " characters; it is not a single public key");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (PRIVATE_MEMBERS.contains(name)) {
                throw invalid("the JWK has the private member '" + name + "': send the public key only (never a "
                        + "private or symmetric key)");
            }
        }
        String kty = text(node, JWK.KEY_TYPE, true);
        Map<String, String> members = new LinkedHashMap<>();
        switch (kty) {
            case "RSA" -> {
                members.put("n", text(node, "n", true));
                members.put("e", text(node, "e", true));
            }
            case "EC" -> {
                members.put("crv", text(node, "crv", true));
                members.put("x", text(node, "x", true));
                members.put("y", text(node, "y", true));
            }
            case "OKP" -> {
                members.put("crv", text(node, "crv", true));
                members.put("x", text(node, "x", true));
            }
            case "oct" -> throw invalid("kty 'oct' is a symmetric key: a credential needs a public key "
                    + "(RSA, EC or OKP)");
            default -> throw invalid("kty '" + kty + "' is not a key type a credential can use: RSA, EC or OKP");
        }
        String use = text(node, JWK.PUBLIC_KEY_USE, false);
        if (use != null && !"sig".equals(use)) {
            throw invalid("the JWK's use is '" + use + "'; a credential's key signs client assertions (use 'sig')");
        }
        return checked(kty, members, text(node, JWK.ALGORITHM, false), text(node, JWK.KEY_ID, false));
    }

    /**
     * A key from a PEM public key ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo).
     *
     * @throws CredentialException INVALID_INPUT, saying what is wrong with it
     */
    public static CredentialPublicKey fromPem(String pem) {
        if (pem == null || pem.isBlank()) {
            throw invalid("'publicKeyPem' must be a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        if (pem.length() > MAX_JWK_CHARS) {
            throw invalid("'publicKeyPem' is longer than " + MAX_JWK_CHARS + " characters; it is not a single "
                    + "public key");
        }
        String text = pem.strip();
        if (text.contains("PRIVATE KEY")) {
            throw invalid("'publicKeyPem' is a private key: send the public key only (-----BEGIN PUBLIC KEY-----)");
        }
        if (!text.startsWith("-----BEGIN PUBLIC KEY-----") || !text.endsWith("-----END PUBLIC KEY-----")) {
            throw invalid("'publicKeyPem' must be a PEM public key between -----BEGIN PUBLIC KEY----- and "
                    + "-----END PUBLIC KEY----- (a certificate or an RSA PUBLIC KEY block is not accepted)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring("-----BEGIN PUBLIC KEY-----".length(),
                    text.length() - "-----END PUBLIC KEY-----".length()));
        } catch (IllegalArgumentException e) {
            throw invalid("'publicKeyPem' is not valid base64 between its BEGIN and END lines");
        }
        PublicKey key = decode(der);
        JWK built = switch (key.getAlgorithm()) {
            case "RSA" -> JWKBuilder.create().rsa(key);
            case "EC" -> JWKBuilder.create().ec(key);
            default -> JWKBuilder.create().okp(key);
        };
        // The builder names the key and its algorithm its own way: named here as for a JWK sent without them.
        ObjectNode node = JsonSerialization.mapper.valueToTree(built);
        node.remove(List.of(JWK.KEY_ID, JWK.ALGORITHM, JWK.PUBLIC_KEY_USE));
        return fromJwk(node);
    }

    /** The keys of a JWKS as stored ({@code {"keys": [...]}}); empty when it is missing or damaged. */
    public static List<CredentialPublicKey> readJwks(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            JsonNode keys = JsonSerialization.mapper.readTree(json).get("keys");
            List<CredentialPublicKey> result = new ArrayList<>();
            if (keys != null && keys.isArray()) {
                for (JsonNode key : keys) {
                    result.add(stored(key));
                }
            }
            return result;
        } catch (IOException | RuntimeException damaged) {
            return List.of();
        }
    }

    /**
     * A key as {@link #writeJwks} stored it: checked when it came in and covered by the credential's seal, so read on
     * the token path without building the key again (the signature check builds the one it uses).
     */
    private static CredentialPublicKey stored(JsonNode node) {
        String kty = node.get(JWK.KEY_TYPE).textValue();
        Map<String, String> members = new LinkedHashMap<>();
        for (String member : switch (kty) {
            case "RSA" -> List.of("n", "e");
            case "EC" -> List.of("crv", "x", "y");
            default -> List.of("crv", "x");
        }) {
            members.put(member, node.get(member).textValue());
        }
        JWK jwk = new JWK();
        jwk.setKeyType(kty);
        members.forEach(jwk::setOtherClaims);
        return new CredentialPublicKey(node.get(JWK.KEY_ID).textValue(), kty, node.get(JWK.ALGORITHM).textValue(),
                JWKSUtils.computeThumbprint(jwk), Map.copyOf(members));
    }

    /** The JWKS Keycloak's client-key loader reads ({@code jwks.string}), in a fixed form, so a seal can cover it. */
    public static String writeJwks(List<CredentialPublicKey> keys) {
        ObjectNode jwks = JsonSerialization.mapper.createObjectNode();
        ArrayNode array = jwks.putArray("keys");
        for (CredentialPublicKey key : keys) {
            ObjectNode node = array.addObject();
            node.put(JWK.KEY_TYPE, key.kty());
            node.put(JWK.KEY_ID, key.kid());
            node.put(JWK.ALGORITHM, key.alg());
            node.put(JWK.PUBLIC_KEY_USE, "sig");
            key.jwk().forEach(node::put);
        }
        return jwks.toString();
    }

    /** Checks a key's type, size, curve and algorithm, and that it is a key at all; then names it. */
    private static CredentialPublicKey checked(String kty, Map<String, String> members, String requestedAlg,
                                               String requestedKid) {
        String alg = switch (kty) {
            case "RSA" -> rsaAlgorithm(members, requestedAlg);
            case "EC" -> ecAlgorithm(members, requestedAlg);
            case "OKP" -> okpAlgorithm(members, requestedAlg);
            default -> throw invalid("kty '" + kty + "' is not a key type a credential can use: RSA, EC or OKP");
        };
        JWK jwk = new JWK();
        jwk.setKeyType(kty);
        members.forEach(jwk::setOtherClaims);
        try {
            if (JWKParser.create(jwk).toPublicKey() == null) {
                throw invalid("the JWK does not describe a usable " + kty + " public key");
            }
        } catch (RuntimeException notAKey) {
            if (notAKey instanceof CredentialException known) {
                throw known;
            }
            throw invalid("the JWK does not describe a usable " + kty + " public key");
        }
        String thumbprint = JWKSUtils.computeThumbprint(jwk);
        String kid = requestedKid == null ? thumbprint : requestedKid;
        if (!KID.matcher(kid).matches()) {
            throw invalid("the JWK's kid must be 1 to 128 of the characters A-Z a-z 0-9 . _ ~ - (or leave it out: "
                    + "the key's thumbprint is then its kid)");
        }
        return new CredentialPublicKey(kid, kty, alg, thumbprint, Map.copyOf(members));
    }

    private static String rsaAlgorithm(Map<String, String> members, String requested) {
        int bits = new BigInteger(1, base64Url(members.get("n"), "n")).bitLength();
        if (bits < MIN_RSA_BITS) {
            throw invalid("the RSA key has " + bits + " bits; at least " + MIN_RSA_BITS + " are required");
        }
        if (bits > MAX_RSA_BITS) {
            throw invalid("the RSA key has " + bits + " bits; at most " + MAX_RSA_BITS + " are accepted");
        }
        base64Url(members.get("e"), "e");
        if (requested == null) {
            return Algorithm.RS256;
        }
        if (!RSA_ALGORITHMS.contains(requested)) {
            throw invalid("alg '" + requested + "' does not sign with an RSA key: use one of RS256, RS384, RS512, "
                    + "PS256, PS384, PS512");
        }
        return requested;
    }

    private static String ecAlgorithm(Map<String, String> members, String requested) {
        String curve = members.get("crv");
        String alg = CURVE_ALGORITHMS.get(curve);
        if (alg == null) {
            throw invalid("the EC curve '" + curve + "' is not accepted: use P-256, P-384 or P-521");
        }
        base64Url(members.get("x"), "x");
        base64Url(members.get("y"), "y");
        if (requested != null && !requested.equals(alg)) {
            throw invalid("alg '" + requested + "' does not go with curve " + curve + ": use " + alg);
        }
        return alg;
    }

    private static String okpAlgorithm(Map<String, String> members, String requested) {
        String curve = members.get("crv");
        if (!ED25519.equals(curve)) {
            throw invalid("the OKP curve '" + curve + "' is not accepted: use Ed25519");
        }
        if (base64Url(members.get("x"), "x").length != 32) {
            throw invalid("an Ed25519 public key is 32 bytes");
        }
        if (requested != null && !requested.equals(Algorithm.EdDSA)) {
            throw invalid("alg '" + requested + "' does not go with an Ed25519 key: use EdDSA");
        }
        return Algorithm.EdDSA;
    }

    private static PublicKey decode(byte[] der) {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(spec);
                if (key instanceof RSAPublicKey || key instanceof ECPublicKey || "EdDSA".equals(key.getAlgorithm())
                        || "Ed25519".equals(key.getAlgorithm())) {
                    return key;
                }
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException | ClassCastException notThis) {
                // try the next type
            }
        }
        throw invalid("'publicKeyPem' holds no RSA, EC or Ed25519 public key");
    }

    private static byte[] base64Url(String value, String member) {
        try {
            byte[] bytes = Base64Url.decode(value);
            if (bytes.length == 0) {
                throw invalid("the JWK member '" + member + "' is empty");
            }
            return bytes;
        } catch (RuntimeException e) {
            if (e instanceof CredentialException known) {
                throw known;
            }
            throw invalid("the JWK member '" + member + "' is not base64url");
        }
    }

    private static String text(JsonNode node, String member, boolean required) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid("the JWK has no '" + member + "'");
            }
            return null;
        }
        if (!value.isTextual() || value.textValue().isEmpty()) {
            throw invalid("the JWK member '" + member + "' must be a non-empty string");
        }
        return value.textValue();
    }

    private static CredentialException invalid(String description) {
        return CredentialException.invalidInput(description);
    }
}
