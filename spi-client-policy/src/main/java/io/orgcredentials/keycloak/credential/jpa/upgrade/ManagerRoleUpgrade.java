package io.orgcredentials.keycloak.credential.jpa.upgrade;

import java.time.Instant;
import java.util.List;

import io.orgcredentials.keycloak.manager.OrganizationManagers;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Before 0.6 one realm role (the {@code manager-role} option) let a member manage the credentials of every
 * organization they belonged to. Once per database, each member who then holds it (directly, through a group or a
 * composite) becomes a credential manager of each organization they belong to, so that nobody loses a right they
 * had; from then on the role grants nothing, and being a member grants nothing by itself. The role is left in
 * place (scripts may still refer to it); the set-up status reports anyone who still holds it.
 */
public final class ManagerRoleUpgrade {

    private static final Logger LOG = Logger.getLogger(ManagerRoleUpgrade.class);

    static final String TASK = "org-client-credentials-managers-upgrade";

    private final KeycloakSession session;

    public ManagerRoleUpgrade(KeycloakSession session) {
        this.session = session;
    }

    /** Runs the conversion unless this database had it; whether it ran now. */
    public boolean runOnce(Instant now) {
        return OneTimeStep.runOnce(session, TASK, now, () -> {
            String roleName = CredentialSettings.of(session).managerRole();
            List<RealmModel> realms = session.realms().getRealmsStream().filter(RealmModel::isOrganizationsEnabled)
                    .toList();
            for (RealmModel realm : realms) {
                RoleModel role = realm.getRole(roleName);
                if (role != null) {
                    convert(realm, role);
                }
            }
        });
    }

    private void convert(RealmModel realm, RoleModel role) {
        session.getContext().setRealm(realm);
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        OrganizationManagers managers = new OrganizationManagers(session, realm);
        int named = 0;
        for (OrganizationModel organization : organizations.getAllStream().toList()) {
            List<UserModel> holders = organizations.getMembersStream(organization, (String) null, null, -1, -1)
                    .filter(member -> member.hasRole(role)).toList();
            for (UserModel holder : holders) {
                if (managers.add(organization, holder)) {
                    named++;
                }
            }
        }
        LOG.infof("Realm %s: %d organization credential manager(s) named from the holders of realm role '%s', which "
                + "grants nothing from now on (see the CHANGELOG of 0.6)", realm.getName(), named, role.getName());
    }
}
