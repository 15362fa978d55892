package io.orgcredentials.keycloak.cleanup;

import org.junit.jupiter.api.Test;
import org.keycloak.models.GroupModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Which removed group means "an organization is gone" on every supported Keycloak. */
class CredentialCleanupTest {

    private static GroupModel group(GroupModel.Type type, String parentId, String name) {
        GroupModel group = mock(GroupModel.class);
        when(group.getType()).thenReturn(type);
        when(group.getParentId()).thenReturn(parentId);
        when(group.getName()).thenReturn(name);
        return group;
    }

    @Test
    void theOrganizationsOwnTopLevelGroupMarksItsRemoval() {
        assertThat(CredentialCleanup.isOrganizationGroup(group(GroupModel.Type.ORGANIZATION, null, "org-1"))).isTrue();
    }

    @Test
    void subgroupsRealmGroupsAndNamelessGroupsDoNot() {
        assertThat(CredentialCleanup.isOrganizationGroup(group(GroupModel.Type.ORGANIZATION, "org-1", "team")))
                .isFalse();
        assertThat(CredentialCleanup.isOrganizationGroup(group(GroupModel.Type.REALM, null, "org-1"))).isFalse();
        assertThat(CredentialCleanup.isOrganizationGroup(group(GroupModel.Type.ORGANIZATION, null, null))).isFalse();
        assertThat(CredentialCleanup.isOrganizationGroup(null)).isFalse();
    }
}
