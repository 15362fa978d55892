package io.orgcredentials.keycloak.persistence;

import java.util.List;

import com.google.auto.service.AutoService;
import io.orgcredentials.keycloak.OrgCredentialsConstants;
import io.orgcredentials.keycloak.cleanup.CredentialCleanup;
import io.orgcredentials.keycloak.compat.ServerCompatibility;
import io.orgcredentials.keycloak.credential.OrgCredentialEntity;
import io.orgcredentials.keycloak.credential.SecretHashKeyEntity;
import io.orgcredentials.keycloak.notice.ScheduledRunEntity;
import io.orgcredentials.keycloak.portability.RealmStateListener;
import io.orgcredentials.keycloak.quota.OrganizationQuotaEntity;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers the extension's tables and their Liquibase changelog with Keycloak's database: the credential index,
 * the organizations' lock rows, the cluster's scheduled runs, and the hash key of versions before 0.5 (read by the
 * upgrade only). Everything a credential needs lives in the realm; these tables are rebuilt from it.
 */
@AutoService(JpaEntityProviderFactory.class)
public class OrgCredentialsEntityProviderFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    public static final String ID = OrgCredentialsConstants.EXTENSION;

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public List<Class<?>> getEntities() {
        return List.of(OrgCredentialEntity.class, OrganizationQuotaEntity.class, SecretHashKeyEntity.class,
                ScheduledRunEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/org-client-credentials-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return ID;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // The rows live and die with Keycloak's clients, organizations and realms. On a server the extension does
        // not support, nothing of it may run inside Keycloak's own removals.
        if (ServerCompatibility.current().isEnabled()) {
            CredentialCleanup.register(factory);
            RealmStateListener.register(factory);
        }
    }

    @Override
    public void close() {
    }
}
