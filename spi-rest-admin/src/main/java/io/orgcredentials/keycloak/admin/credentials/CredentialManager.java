package io.orgcredentials.keycloak.admin.credentials;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.orgcredentials.keycloak.admin.ApiError;
import io.orgcredentials.keycloak.admin.JsonBody;
import io.orgcredentials.keycloak.credential.OrgCredentialEntity;
import io.orgcredentials.keycloak.credential.CredentialSecret;
import io.orgcredentials.keycloak.credential.CredentialStore;
import io.orgcredentials.keycloak.credential.OrgClientCredential;
import io.orgcredentials.keycloak.credential.SecretHashKey;
import io.orgcredentials.keycloak.quota.OrganizationQuotaEntity;
import io.orgcredentials.keycloak.quota.OrganizationQuotas;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.managers.ClientManager;
import org.keycloak.services.managers.RealmManager;
import org.keycloak.urls.UrlType;

/**
 * Creates, reads and deletes credentials: a confidential Keycloak client with a service account, its credential
 * attributes (organization, name, dates, secret hash), and its index row, all in the request's transaction.
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
        forgetRemovedClients(organization);
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
        OrgClientCredential.bind(client, organization.getId(), request.name(), now,
                request.expiresAt(), secret, SecretHashKey.get(session));

        // The service account is deliberately not made a member of the organization: Keycloak re-checks the
        // membership type of organization members in the database each time it loads them from its cache, which
        // would put a query on every token request (measured: about a third of the throughput). The credential's
        // attributes and index row hold the binding; the token's organization claim comes from them.

        OrgCredentialEntity row = new OrgCredentialEntity(client.getId(), clientId, realm.getId(), organization.getId(),
                request.name(), now.getEpochSecond(), request.expiresAt().getEpochSecond());
        store.add(row);
        return new Created(toRepresentation(client, row, organization, now), secret);
    }

    /**
     * Newest first, from the extension's index. The first page of an unfiltered listing also shows clients that
     * Keycloak removed and something re-created under the same id (a partial import), as unusable, so that a
     * client carrying credential attributes is never hidden.
     */
    public List<CredentialRepresentation> list(OrganizationModel organization, CredentialStore.Status status,
                                               int first, int max, Instant now) {
        List<CredentialRepresentation> result = new ArrayList<>();
        for (OrgCredentialEntity row : store.list(organization.getId(), status, now, first, max)) {
            ClientModel client = realm.getClientById(row.getClientUuid());
            if (client != null) {
                result.add(toRepresentation(client, row, organization, now));
            }
        }
        if (first == 0 && status == CredentialStore.Status.ANY) {
            for (OrgCredentialEntity removed : store.removedOf(organization.getId())) {
                ClientModel client = comeBack(removed);
                if (client != null && result.size() < max) {
                    result.add(toRepresentation(client, removed, organization, now));
                }
            }
        }
        return result;
    }

    /**
     * The client of the credential with this clientId in this organization, by its attributes or by the index
     * (so that a damaged credential can still be seen and deleted); another organization's is "not found" too.
     */
    public Optional<ClientModel> find(OrganizationModel organization, String clientId) {
        ClientModel client = JsonBody.isPlausibleId(clientId) ? realm.getClientByClientId(clientId) : null;
        if (client == null) {
            return Optional.empty();
        }
        boolean byAttributes = OrgClientCredential.of(client)
                .filter(c -> organization.getId().equals(c.organizationId())).isPresent();
        boolean byIndex = store.byClient(client.getId())
                .filter(row -> organization.getId().equals(row.getOrganizationId())).isPresent()
                || store.removedOf(organization.getId()).stream().anyMatch(row -> clientId.equals(row.getClientId()));
        return byAttributes || byIndex ? Optional.of(client) : Optional.empty();
    }

    public CredentialRepresentation toRepresentation(ClientModel client, OrganizationModel organization, Instant now) {
        OrgCredentialEntity row = store.byClient(client.getId()).orElseGet(() -> store.removedOf(organization.getId())
                .stream().filter(r -> r.getClientId().equals(client.getClientId())).findFirst().orElse(null));
        return toRepresentation(client, row, organization, now);
    }

    public void delete(ClientModel client) {
        // Removes the service-account user (and so its membership) and the client's sessions.
        new ClientManager(new RealmManager(session)).removeClient(realm, client);
        store.removeByClient(client.getId());
    }

    /** Rows of removed clients that did not come back are of no more use; tidied under the quota lock. */
    private void forgetRemovedClients(OrganizationModel organization) {
        for (OrgCredentialEntity removed : store.removedOf(organization.getId())) {
            if (comeBack(removed) == null) {
                store.removeByClient(removed.getClientUuid());
            }
        }
    }

    /** The client that took the place of a removed one (same internal id or same clientId), if any. */
    private ClientModel comeBack(OrgCredentialEntity removed) {
        ClientModel client = realm.getClientById(removed.getClientUuid());
        return client != null ? client : realm.getClientByClientId(removed.getClientId());
    }

    public LimitRepresentation limit(OrganizationModel organization) {
        return LimitRepresentation.of(quotas.limitOf(organization.getId()), store.count(organization.getId()));
    }

    public LimitRepresentation setLimit(OrganizationModel organization, int limit) {
        quotas.setLimit(realm.getId(), organization.getId(), limit);
        return LimitRepresentation.of(limit, store.count(organization.getId()));
    }

    /**
     * The credential as the index row (authoritative for name and dates) and the client (what the token path
     * reads) show it together; when the two disagree the credential is unusable and says why.
     */
    CredentialRepresentation toRepresentation(ClientModel client, OrgCredentialEntity row,
                                              OrganizationModel organization, Instant now) {
        Optional<OrgClientCredential> credential = OrgClientCredential.of(client);
        Optional<String> problem = problem(credential, row);
        Instant createdAt = row != null ? Instant.ofEpochSecond(row.getCreatedAt()) : credential.map(OrgClientCredential::createdAt).orElse(null);
        Instant expiresAt = row != null ? Instant.ofEpochSecond(row.getExpiresAt()) : credential.map(OrgClientCredential::expiresAt).orElse(null);
        String name = row != null ? row.getName() : credential.map(OrgClientCredential::name).orElse(client.getName());
        String status = problem.isPresent() ? CredentialRepresentation.UNUSABLE
                : !now.isBefore(expiresAt) ? CredentialRepresentation.EXPIRED : CredentialRepresentation.ACTIVE;
        return new CredentialRepresentation(
                client.getClientId(),
                name,
                new CredentialRepresentation.OrganizationRef(organization.getId(), organization.getAlias()),
                tokenEndpoint(),
                iso(createdAt),
                iso(expiresAt),
                status,
                problem.orElse(null),
                settings.resourceScopes().stream().sorted().toList(),
                null);
    }

    private Optional<String> problem(Optional<OrgClientCredential> credential, OrgCredentialEntity row) {
        if (credential.isEmpty()) {
            return Optional.of("its client no longer carries the credential attributes");
        }
        OrgClientCredential c = credential.get();
        if (row == null) {
            return Optional.of("it was created outside the org-client-credentials API (for example by an import)");
        }
        if (row.getRemovedAt() != null) {
            return Optional.of("its client was removed and re-created outside the org-client-credentials API "
                    + "(for example by a partial import)");
        }
        boolean sameAsIndexed = row.getOrganizationId().equals(c.organizationId()) && row.getName().equals(c.name())
                && c.expiresAt() != null && c.expiresAt().getEpochSecond() == row.getExpiresAt();
        if (!sameAsIndexed) {
            return Optional.of("its organization, name or expiry attributes were changed outside the org-client-credentials API");
        }
        return c.unusableReason(session, settings);
    }

    private String tokenEndpoint() {
        return OIDCLoginProtocolService.tokenUrl(session.getContext().getUri(UrlType.FRONTEND).getBaseUriBuilder())
                .build(realm.getName()).toString();
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
