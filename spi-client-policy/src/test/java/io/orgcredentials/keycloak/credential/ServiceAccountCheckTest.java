package io.orgcredentials.keycloak.credential;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.junit.jupiter.api.Test;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.CachedUserModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class ServiceAccountCheckTest {

    private final CredentialModels models = new CredentialModels();
    private final CachedUserModel cachedServiceAccount = mock(CachedUserModel.class);
    /** What Keycloak keeps beside the cached user: a new, empty map each time the user is read afresh. */
    private final ConcurrentMap<Object, Object> cachedWith = new ConcurrentHashMap<>();

    ServiceAccountCheckTest() {
        lenient().when(cachedServiceAccount.getCachedWith()).thenReturn(cachedWith);
        lenient().when(cachedServiceAccount.getId()).thenReturn("service-account-uuid");
        lenient().when(cachedServiceAccount.getRoleMappingsStream()).thenAnswer(call -> Stream.of(models.defaultRole));
        lenient().when(cachedServiceAccount.getGroupsStream()).thenAnswer(call -> Stream.empty());
        lenient().when(models.session.users().getServiceAccount(models.client)).thenReturn(cachedServiceAccount);
    }

    @Test
    void aCachedUsersAnswerIsKeptWithItAndNotAskedAgain() {
        for (int i = 0; i < 3; i++) {
            assertThat(models.credential().unusableReason(models.session, CredentialSettings.DEFAULTS)).isEmpty();
        }
        verify(models.credentials, times(1)).holdsOnly(cachedServiceAccount, "default-roles-id");
        assertThat(cachedWith).containsEntry(ServiceAccountCheck.HOLDS_ONLY, "default-roles-id");
    }

    @Test
    void aUserReadAfreshAfterAChangeIsAskedAgainAndARefusalIsNeverKept() {
        assertThat(models.credential().unusableReason(models.session, CredentialSettings.DEFAULTS)).isEmpty();
        // Keycloak drops the cache entry when a role is granted: the user comes back with an empty map.
        cachedWith.clear();
        RoleModel admin = CredentialModels.role("admin-id", "realm-admin");
        when(cachedServiceAccount.getRoleMappingsStream()).thenAnswer(call -> Stream.of(models.defaultRole, admin));
        for (int i = 0; i < 2; i++) {
            assertThat(models.credential().unusableReason(models.session, CredentialSettings.DEFAULTS))
                    .hasValueSatisfying(why -> assertThat(why).contains("was given the role 'realm-admin'"));
        }
        verify(models.credentials, times(3)).holdsOnly(cachedServiceAccount, "default-roles-id");
        assertThat(cachedWith).doesNotContainKey(ServiceAccountCheck.HOLDS_ONLY);
    }

    @Test
    void anAnswerGivenForAnotherDefaultRoleDoesNotCount() {
        cachedWith.put(ServiceAccountCheck.HOLDS_ONLY, "an-earlier-default-role");
        GroupModel group = mock(GroupModel.class);
        when(group.getName()).thenReturn("operators");
        when(cachedServiceAccount.getGroupsStream()).thenAnswer(call -> Stream.of(group));
        assertThat(models.credential().unusableReason(models.session, CredentialSettings.DEFAULTS))
                .hasValueSatisfying(why -> assertThat(why).contains("put in the group 'operators'"));
    }

    @Test
    void aUserOutsideTheCacheIsAskedEveryTime() {
        UserModel uncached = models.serviceAccount;
        when(models.session.users().getServiceAccount(models.client)).thenReturn(uncached);
        for (int i = 0; i < 2; i++) {
            assertThat(models.credential().unusableReason(models.session, CredentialSettings.DEFAULTS)).isEmpty();
        }
        verify(models.credentials, times(2)).holdsOnly(uncached, "default-roles-id");
        verify(models.credentials, never()).holdsOnly(any(CachedUserModel.class), anyString());
    }

    @Test
    void whatTheDatabaseRefusesButTheModelsDoNotNameIsStillRefused() {
        // An organization's membership, say: the one statement counts it, the models' group list may not show it.
        when(models.credentials.holdsOnly(any(UserModel.class), anyString())).thenReturn(false);
        assertThat(models.credential().unusableReason(models.session, CredentialSettings.DEFAULTS))
                .hasValueSatisfying(why -> assertThat(why).contains("a role or a group membership"));
    }
}
