package io.orgcredentials.keycloak.admin.credentials;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.orgcredentials.keycloak.admin.ApiError;
import io.orgcredentials.keycloak.credential.OrgCredentialEntity;
import io.orgcredentials.keycloak.credential.CredentialSecret;
import io.orgcredentials.keycloak.credential.CredentialStore;
import io.orgcredentials.keycloak.credential.OrgClientCredential;
import io.orgcredentials.keycloak.quota.OrganizationQuotaEntity;
import io.orgcredentials.keycloak.quota.OrganizationQuotas;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.ClientManager;
import org.keycloak.services.managers.RealmManager;
import org.keycloak.urls.UrlType;

/**
 * Creates, reads and deletes credentials: a confidential Keycloak client with a service account that is a
 * member of the organization, its credential attributes, and its index row, all in the request's transaction.
 */
public final class CredentialManager {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final CredentialSettings settings;
    private final CredentialStore store;
    private final OrganizationQuotas quotas;

    public CredentialManager(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.settings = CredentialSettings.of(session);
        this.store = new CredentialStore(session);
        this.quotas = new OrganizationQuotas(session);
    }

    public static Instant now() {
        return Instant.ofEpochSecond(Time.currentTime());
    }

    /** A created credential and its secret, which exists nowhere else once the response is sent. */
    public record Created(CredentialRepresentation credential, String secret) {
    }

    public Created create(OrganizationModel organization, CredentialRequest request, Instant now) {
        // Taken first and held to commit: concurrent creates for this organization, on any node, queue here.
        OrganizationQuotaEntity quota = quotas.lock(realm.getId(), organization.getId());
        int limit = quotas.effectiveLimit(quota);
        int used = store.countForUpdate(organization.getId());
        if (used >= limit) {
            throw ApiError.conflict(ApiError.LIMIT_REACHED, "Organization " + organization.getAlias() + " already has "
                    + used + " of " + limit + " client credentials; delete one, or ask a realm admin to raise the limit");
        }
        if (store.byName(organization.getId(), request.name()).isPresent()) {
            throw ApiError.conflict(ApiError.NAME_TAKEN, "Organization " + organization.getAlias()
                    + " already has a client credential named '" + request.name() + "'");
        }

        String clientId = UUID.randomUUID().toString();
        ClientModel client = ClientManager.createClient(session, realm, clientRepresentation(clientId, organization,
                request.name()));
        new ClientManager(new RealmManager(session)).enableServiceAccount(client);
        // Keycloak put a plain-text secret there; the credential's secret exists only as the hash below.
        client.setSecret(null);

        String secret = CredentialSecret.generate();
        String hash = CredentialSecret.hash(secret, clientId, organization.getId(), request.expiresAt());
        OrgClientCredential credential = OrgClientCredential.bind(client, organization.getId(), request.name(), now,
                request.expiresAt(), hash);

        UserModel serviceAccount = session.users().getServiceAccount(client);
        session.getProvider(OrganizationProvider.class).addMember(organization, serviceAccount);

        store.add(new OrgCredentialEntity(client.getId(), realm.getId(), organization.getId(), request.name(),
                now.getEpochSecond(), request.expiresAt().getEpochSecond()));
        return new Created(toRepresentation(credential, organization, now), secret);
    }

    public List<CredentialRepresentation> list(OrganizationModel organization, CredentialStore.Status status,
                                               int first, int max, Instant now) {
        List<CredentialRepresentation> result = new ArrayList<>();
        for (OrgCredentialEntity row : store.list(organization.getId(), status, now, first, max)) {
            ClientModel client = realm.getClientById(row.getClientId());
            OrgClientCredential.of(client).ifPresent(c -> result.add(toRepresentation(c, organization, now)));
        }
        return result;
    }

    /** The credential with this clientId in this organization; another organization's is "not found" too. */
    public Optional<OrgClientCredential> find(OrganizationModel organization, String clientId) {
        ClientModel client = clientId == null ? null : realm.getClientByClientId(clientId);
        return OrgClientCredential.of(client).filter(c -> organization.getId().equals(c.organizationId()));
    }

    public void delete(OrgClientCredential credential) {
        // Removes the service-account user (and so its membership) and the client's sessions; the cleanup
        // listener removes the index row, whichever API deletes the client.
        new ClientManager(new RealmManager(session)).removeClient(realm, credential.client());
    }

    public LimitRepresentation limit(OrganizationModel organization) {
        return LimitRepresentation.of(quotas.limitOf(organization.getId()), store.count(organization.getId()));
    }

    public LimitRepresentation setLimit(OrganizationModel organization, int limit) {
        quotas.setLimit(realm.getId(), organization.getId(), limit);
        return LimitRepresentation.of(limit, store.count(organization.getId()));
    }

    public CredentialRepresentation toRepresentation(OrgClientCredential credential, OrganizationModel organization,
                                                     Instant now) {
        Optional<String> problem = credential.unusableReason(settings);
        String status = problem.isPresent() ? CredentialRepresentation.UNUSABLE
                : credential.isExpired(now) ? CredentialRepresentation.EXPIRED : CredentialRepresentation.ACTIVE;
        return new CredentialRepresentation(
                credential.clientId(),
                credential.name(),
                new CredentialRepresentation.OrganizationRef(organization.getId(), organization.getAlias()),
                tokenEndpoint(),
                iso(credential.createdAt()),
                iso(credential.expiresAt()),
                status,
                problem.orElse(null),
                settings.resourceScopes().stream().sorted().toList(),
                null);
    }

    private String tokenEndpoint() {
        return Urls.tokenEndpoint(session.getContext().getUri(UrlType.FRONTEND).getBaseUri(), realm.getName())
                .toString();
    }

    private ClientRepresentation clientRepresentation(String clientId, OrganizationModel organization, String name) {
        ClientRepresentation rep = new ClientRepresentation();
        rep.setClientId(clientId);
        rep.setName(name);
        rep.setDescription("Client credential of organization " + organization.getAlias()
                + ", managed by the org-client-credentials API");
        rep.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        rep.setEnabled(true);
        rep.setPublicClient(false);
        rep.setBearerOnly(false);
        rep.setStandardFlowEnabled(false);
        rep.setImplicitFlowEnabled(false);
        rep.setDirectAccessGrantsEnabled(false);
        rep.setServiceAccountsEnabled(true);
        rep.setFrontchannelLogout(false);
        rep.setFullScopeAllowed(false);
        rep.setClientAuthenticatorType(OrgClientCredential.AUTHENTICATOR_ID);
        // Explicit lists replace the realm's defaults (profile, email, roles, ...): a credential gets the
        // resource scopes and what a service account needs, nothing else.
        List<String> defaultScopes = new ArrayList<>(List.of("basic"));
        defaultScopes.addAll(settings.resourceScopes());
        rep.setDefaultClientScopes(defaultScopes);
        rep.setOptionalClientScopes(List.of());
        return rep;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
