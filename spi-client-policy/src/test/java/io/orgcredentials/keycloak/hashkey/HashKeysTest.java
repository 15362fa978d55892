package io.orgcredentials.keycloak.hashkey;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.keys.KeyProvider;
import org.keycloak.models.RealmModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

/** Which of a realm's keys hashes, which verify, and what a new key component gets. */
class HashKeysTest {

    private final RealmModel realm = mock(RealmModel.class);
    private final List<ComponentModel> components = new ArrayList<>();
    private final HashKeyProviderFactory factory = new HashKeyProviderFactory();

    @BeforeEach
    void realmWithComponents() {
        lenient().when(realm.getId()).thenReturn("realm-id");
        lenient().when(realm.getName()).thenReturn("demo");
        lenient().when(realm.getComponentsStream(anyString(), eq(KeyProvider.class.getName())))
                .thenAnswer(call -> components.stream());
        lenient().when(realm.addComponentModel(any())).thenAnswer(call -> {
            ComponentModel model = call.getArgument(0);
            model.setId("component-" + components.size());
            factory.validateConfiguration(null, realm, model);
            components.add(model);
            return model;
        });
    }

    @Test
    void theEnabledActiveKeyOfHighestPriorityHashesAndEveryEnabledKeyVerifies() {
        components.add(key("old", 100, true, true));
        components.add(key("newer", 200, true, true));
        components.add(key("passive", 300, true, false));
        components.add(key("off", 400, false, true));
        HashKeys keys = HashKeys.of(realm);
        assertThat(keys.active()).map(HashKey::kid).hasValue("newer");
        assertThat(keys.all()).extracting(HashKey::kid).first().isEqualTo("newer");
        assertThat(keys.verifying("old")).hasSize(32);
        assertThat(keys.verifying("passive")).as("passive keys verify").hasSize(32);
        assertThat(keys.verifying("off")).as("disabled keys verify nothing").isNull();
        assertThat(keys.verifying("unknown")).isNull();
        assertThat(keys.verifying(null)).isNull();
        assertThat(keys.byKid("passive")).map(HashKey::status).hasValue("passive");
        assertThat(keys.byKid("off")).map(HashKey::status).hasValue("disabled");
    }

    @Test
    void aComponentWithoutMaterialIsReportedDamagedAndVerifiesNothing() {
        ComponentModel masked = key("masked", 100, true, true);
        masked.getConfig().remove(HashKey.SECRET);
        components.add(masked);
        ComponentModel shortKey = key("short", 100, true, true);
        shortKey.put(HashKey.SECRET, Base64.getEncoder().encodeToString(new byte[16]));
        components.add(shortKey);
        HashKeys keys = HashKeys.of(realm);
        assertThat(keys.active()).isEmpty();
        assertThat(keys.verifying("masked")).isNull();
        assertThat(keys.byKid("short")).map(HashKey::status).hasValue("damaged");
    }

    @Test
    void anAddedKeyIsFreshAndHashesFromThenOn() {
        components.add(key("old", 100, true, true));
        HashKey added = HashKeys.of(realm).add(HashKey.DEFAULT_NAME, null, null);
        assertThat(HashKeys.isValidKeyId(added.kid())).isTrue();
        assertThat(added.secret()).hasSize(32);
        assertThat(added.priority()).isEqualTo(101);
        assertThat(HashKeys.of(realm).active()).map(HashKey::kid).hasValue(added.kid());
        HashKey another = HashKeys.of(realm).add(HashKey.DEFAULT_NAME, null, null);
        assertThat(another.kid()).isNotEqualTo(added.kid());
        assertThat(another.secret()).isNotEqualTo(added.secret());
    }

    @Test
    void validationGeneratesANewKeyButNeverMaterialForAKeyIdItDoesNotHave() {
        ComponentModel fresh = component();
        factory.validateConfiguration(null, realm, fresh);
        assertThat(fresh.get(HashKey.KID)).matches("[A-Za-z0-9_-]{16}");
        assertThat(Base64.getDecoder().decode(fresh.get(HashKey.SECRET))).hasSize(32);

        ComponentModel masked = component();
        masked.put(HashKey.KID, "from-an-export");
        factory.validateConfiguration(null, realm, masked);
        assertThat(masked.get(HashKey.SECRET)).as("no material made up for a named key").isNull();
        assertThat(HashKey.of(masked).status()).isEqualTo("damaged");
    }

    @Test
    void validationRefusesBadSettingsAndATakenKeyId() {
        components.add(key("taken", 100, true, true));
        ComponentModel duplicate = key("taken", 200, true, true);
        duplicate.setId("other-component");
        assertThatThrownBy(() -> factory.validateConfiguration(null, realm, duplicate))
                .isInstanceOf(ComponentValidationException.class).hasMessageContaining("already has a hash key 'taken'");
        ComponentModel badId = key("no spaces", 100, true, true);
        assertThatThrownBy(() -> factory.validateConfiguration(null, realm, badId))
                .isInstanceOf(ComponentValidationException.class);
        ComponentModel badFlag = key("flag", 100, true, true);
        badFlag.put("enabled", "yes");
        assertThatThrownBy(() -> factory.validateConfiguration(null, realm, badFlag))
                .isInstanceOf(ComponentValidationException.class).hasMessageContaining("'enabled'");
        ComponentModel badPriority = key("priority", 100, true, true);
        badPriority.put("priority", "high");
        assertThatThrownBy(() -> factory.validateConfiguration(null, realm, badPriority))
                .isInstanceOf(ComponentValidationException.class).hasMessageContaining("'priority'");
    }

    @Test
    void keycloaksKeyManagerSeesAKeyOfAnAlgorithmNoTokenUses() {
        ComponentModel component = key("k1", 100, true, true);
        assertThat(factory.create(null, component).getKeysStream()).singleElement().satisfies(wrapper -> {
            assertThat(wrapper.getKid()).isEqualTo("k1");
            assertThat(wrapper.getAlgorithm()).isEqualTo(HashKeyProviderFactory.ALGORITHM);
            assertThat(wrapper.getPublicKey()).as("nothing for the realm's JWKS").isNull();
        });
        component.getConfig().remove(HashKey.SECRET);
        assertThat(factory.create(null, component).getKeysStream()).isEmpty();
    }

    private static ComponentModel component() {
        ComponentModel component = new ComponentModel();
        component.setId("new-component");
        component.setProviderId(HashKey.PROVIDER_ID);
        component.setProviderType(KeyProvider.class.getName());
        return component;
    }

    private static ComponentModel key(String kid, long priority, boolean enabled, boolean active) {
        ComponentModel component = component();
        component.setId("component-" + kid);
        component.put(HashKey.KID, kid);
        component.put(HashKey.SECRET, HashKeyProviderFactory.newSecret());
        component.put("priority", Long.toString(priority));
        component.put("enabled", Boolean.toString(enabled));
        component.put("active", Boolean.toString(active));
        return component;
    }
}
