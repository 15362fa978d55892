package io.orgcredentials.keycloak.credential.jpa;

import java.util.List;

import com.google.auto.service.AutoService;
import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.credential.jpa.entity.CredentialIndexEntity;
import io.orgcredentials.keycloak.credential.jpa.entity.OrganizationQuotaEntity;
import io.orgcredentials.keycloak.credential.jpa.entity.ScheduledRunEntity;
import io.orgcredentials.keycloak.credential.jpa.entity.SecretHashKeyEntity;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers the extension's four tables and their Liquibase changelog with Keycloak's database: the credential index,
 * the organizations' lock rows, the cluster's scheduled runs, and the hash key of versions before 0.5 (read by the
 * upgrade only). Everything a credential needs lives in the realm; these tables are rebuilt from it.
 */
@AutoService(JpaEntityProviderFactory.class)
public final class CredentialEntityProviderFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public List<Class<?>> getEntities() {
        return List.of(CredentialIndexEntity.class, OrganizationQuotaEntity.class, SecretHashKeyEntity.class,
                ScheduledRunEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/org-client-credentials-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return CredentialConstants.EXTENSION;
    }

    @Override
    public String getId() {
        return CredentialConstants.EXTENSION;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
