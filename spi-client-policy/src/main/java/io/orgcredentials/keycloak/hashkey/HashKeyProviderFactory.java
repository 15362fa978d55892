package io.orgcredentials.keycloak.hashkey;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;

import com.google.auto.service.AutoService;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.crypto.KeyStatus;
import org.keycloak.crypto.KeyType;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.keys.Attributes;
import org.keycloak.keys.KeyProvider;
import org.keycloak.keys.KeyProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ConfiguredProvider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The credential hash keys as a Keycloak key provider. An admin adds one in Realm settings → Keys → Add provider (or
 * through the extension's {@code hash-keys} API): the key material is generated here and stored in the component's
 * undeclared settings, which a full export carries and Keycloak never shows. Keycloak lists the keys in the Keys tab
 * under an algorithm of their own, which no token signing or encryption ever asks for.
 */
@AutoService(KeyProviderFactory.class)
public final class HashKeyProviderFactory implements KeyProviderFactory<HashKeyProviderFactory.Provider>,
        ConfiguredProvider {

    /** No JOSE algorithm: Keycloak selects keys by algorithm, so nothing of Keycloak's own ever uses these. */
    public static final String ALGORITHM = "OCC-HMAC-SHA256";

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property(Attributes.PRIORITY_PROPERTY)
            .property(Attributes.ENABLED_PROPERTY)
            .property(Attributes.ACTIVE_PROPERTY)
            .build();

    @Override
    public Provider create(KeycloakSession session, ComponentModel model) {
        return new Provider(HashKey.of(model));
    }

    /**
     * A new component gets a fresh key and id. One that names a key id but lacks its material (an export whose
     * secrets were masked) keeps what it has and is reported as damaged: nothing missing is made up here.
     */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        for (String flag : List.of(Attributes.ENABLED_KEY, Attributes.ACTIVE_KEY)) {
            String value = model.get(flag);
            if (value != null && !value.equals("true") && !value.equals("false")) {
                throw new ComponentValidationException("'" + flag + "' must be true or false");
            }
        }
        try {
            model.get(Attributes.PRIORITY_KEY, 0L);
        } catch (NumberFormatException e) {
            throw new ComponentValidationException("'priority' must be a whole number");
        }
        String kid = model.get(HashKey.KID);
        if (kid == null && model.get(HashKey.SECRET) == null) {
            model.put(HashKey.KID, newKeyId());
            model.put(HashKey.SECRET, newSecret());
        } else if (kid == null) {
            model.put(HashKey.KID, newKeyId());
        } else if (!HashKeys.isValidKeyId(kid)) {
            throw new ComponentValidationException("the hash key id '" + kid + "' is not valid");
        }
        String id = model.get(HashKey.KID);
        boolean taken = realm.getComponentsStream(realm.getId(), KeyProvider.class.getName())
                .filter(other -> HashKey.PROVIDER_ID.equals(other.getProviderId()))
                .anyMatch(other -> !other.getId().equals(model.getId()) && id.equals(other.get(HashKey.KID)));
        if (taken) {
            throw new ComponentValidationException("realm " + realm.getName() + " already has a hash key '" + id + "'");
        }
    }

    static String newKeyId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String newSecret() {
        byte[] bytes = new byte[HashKey.SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public String getId() {
        return HashKey.PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "The key that organization client credential secrets are hashed with (org-client-credentials). "
                + "The active key of highest priority hashes new and rotated secrets; every other enabled key keeps "
                + "verifying what was hashed with it. Remove a key only when no credential uses it "
                + "(GET .../org-client-credentials/hash-keys counts them).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    /** What Keycloak's key manager sees: the key's metadata in the Keys tab, no algorithm any token uses. */
    public static final class Provider implements KeyProvider {

        private final HashKey key;

        Provider(HashKey key) {
            this.key = key;
        }

        @Override
        public Stream<KeyWrapper> getKeysStream() {
            if (!key.isUsable()) {
                return Stream.empty();
            }
            KeyWrapper wrapper = new KeyWrapper();
            wrapper.setProviderId(key.componentId());
            wrapper.setProviderPriority(key.priority());
            wrapper.setKid(key.kid());
            wrapper.setUse(KeyUse.SIG);
            wrapper.setType(KeyType.OCT);
            wrapper.setAlgorithm(ALGORITHM);
            wrapper.setStatus(KeyStatus.from(key.active(), key.enabled()));
            wrapper.setSecretKey(new SecretKeySpec(key.secret(), "HmacSHA256"));
            return Stream.of(wrapper);
        }
    }
}
