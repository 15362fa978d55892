package io.orgcredentials.keycloak.admin.setup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.compat.ServerCompatibility;
import io.orgcredentials.keycloak.credential.CredentialClock;
import io.orgcredentials.keycloak.credential.CredentialException;
import io.orgcredentials.keycloak.credential.CredentialProvider;
import io.orgcredentials.keycloak.hashkey.HashKey;
import io.orgcredentials.keycloak.hashkey.HashKeys;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.keycloak.authentication.AuthenticationFlow;
import org.keycloak.common.Profile;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.mappers.AudienceProtocolMapper;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientPolicyConditionRepresentation;
import org.keycloak.representations.idm.ClientPolicyExecutorRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/**
 * The pieces a realm needs before credentials work, each checked and, on request, installed: Organizations on,
 * the resource client scopes (with their audience), the client-authentication flow holding the extension's
 * authenticator, the client policy that guards credentials, and a hash key. Applying it twice changes nothing the second
 * time. It adds to what the realm has and removes nothing.
 */
public final class RealmSetup {

    public static final String FLOW_ALIAS = "clients with org client credentials";

    static final String SERVER = "server";
    static final String KEYCLOAK_FIXES = "keycloak-security-fixes";
    static final String UNKEYED_HASHES = "unkeyed-hashes";
    static final String ORGANIZATIONS = "organizations";
    static final String RESOURCE_SCOPE = "resource-scope:";
    static final String AUTHENTICATION_FLOW = "client-authentication-flow";
    static final String CLIENT_POLICY = "client-policy";
    static final String ADMIN_THEME = "admin-theme";
    static final String HASH_KEY = "hash-key";
    static final String HASH_KEYS_NEEDED = "hash-keys-needed";


    private final KeycloakSession session;
    private final RealmModel realm;
    private final CredentialSettings settings;

    public RealmSetup(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.settings = CredentialSettings.of(session);
    }

    /** Refuses to create credentials in a realm that could not give them tokens (fail closed). */
    public static void requireReady(KeycloakSession session, RealmModel realm) {
        SetupReport report = new RealmSetup(session, realm).check(false);
        if (!report.ready()) {
            String missing = String.join(", ", report.checks().stream().filter(c -> c.required() && !c.isPresent())
                    .map(SetupReport.Check::name).toList());
            throw new CredentialException(CredentialException.Kind.SETUP_REQUIRED, "Realm " + realm.getName()
                    + " is not set up for client credentials (missing: " + missing + "); run POST "
                    + CredentialConstants.setupPath(realm.getName()));
        }
    }

    public SetupReport check() {
        return check(true);
    }

    /**
     * @param diagnostics whether to add what new credentials do not need (the keys existing credentials need, which
     *                    reads every credential's attributes: not on every create)
     */
    private SetupReport check(boolean diagnostics) {
        List<SetupReport.Check> checks = new ArrayList<>();
        checks.add(serverCheck());
        checks.add(organizationsCheck());
        for (String scope : settings.resourceScopes()) {
            checks.add(SetupReport.Check.of(RESOURCE_SCOPE + scope, isResourceScopePresent(scope),
                    "client scope '" + scope + "' with audience '" + scope + "'"));
        }
        checks.add(SetupReport.Check.of(AUTHENTICATION_FLOW, isAuthenticatorBound(),
                "the realm's client authentication flow includes the '" + CredentialConstants.AUTHENTICATOR_ID
                        + "' authenticator"));
        checks.add(SetupReport.Check.of(CLIENT_POLICY, isPolicyInstalled(),
                "client policy '" + CredentialConstants.GUARD_POLICY_NAME + "' guards credentials against generic admin changes"));
        checks.add(hashKeyCheck());
        if (diagnostics) {
            checks.add(neededKeysCheck());
            checks.add(unkeyedHashesCheck());
            checks.add(keycloakFixesCheck());
        }
        checks.add(SetupReport.Check.of(ADMIN_THEME, CredentialConstants.ADMIN_THEME.equals(realm.getAdminTheme()),
                "admin theme '" + CredentialConstants.ADMIN_THEME + "' shows a Client credentials tab on each organization"));
        checks.addAll(new SelfServiceSetup(session, realm, settings).check());
        boolean ready = checks.stream().filter(SetupReport.Check::required).allMatch(SetupReport.Check::isPresent);
        return new SetupReport(realm.getName(), ready, checks, null);
    }

    /** Installs what is missing and reports what it did. */
    public SetupReport apply() {
        List<String> changes = new ArrayList<>();
        if (!ServerCompatibility.current().isEnabled()) {
            // Nothing of the extension may be installed where it cannot run; the report says why.
            SetupReport report = check();
            return new SetupReport(report.realm(), false, report.checks(), changes);
        }
        if (!realm.isOrganizationsEnabled() && Profile.isFeatureEnabled(Profile.Feature.ORGANIZATION)) {
            realm.setOrganizationsEnabled(true);
            changes.add("enabled Organizations");
        }
        for (String scope : settings.resourceScopes()) {
            if (!isResourceScopePresent(scope)) {
                addResourceScope(scope);
                changes.add("created client scope '" + scope + "'");
            }
        }
        if (!isAuthenticatorBound()) {
            changes.add(bindAuthenticator());
        }
        if (!isPolicyInstalled()) {
            installPolicy();
            changes.add("installed client policy '" + CredentialConstants.GUARD_POLICY_NAME + "'");
        }
        if (HashKeys.of(realm).active().isEmpty()) {
            // A new key, never a stand-in for a missing one: credentials that name another key stay unusable.
            HashKey key = HashKeys.of(realm).add(HashKey.DEFAULT_NAME, null, null);
            changes.add("created hash key '" + key.kid() + "'");
        }
        if (!CredentialConstants.ADMIN_THEME.equals(realm.getAdminTheme())) {
            realm.setAdminTheme(CredentialConstants.ADMIN_THEME);
            changes.add("selected admin theme '" + CredentialConstants.ADMIN_THEME + "'");
        }
        new SelfServiceSetup(session, realm, settings).apply(changes);
        SetupReport after = check();
        return new SetupReport(after.realm(), after.ready(), after.checks(), changes);
    }

    /** Whether the extension runs on this Keycloak at all (see {@link ServerCompatibility}). */
    private static SetupReport.Check serverCheck() {
        ServerCompatibility server = ServerCompatibility.current();
        return SetupReport.Check.of(SERVER, server.isEnabled(), server.isEnabled()
                ? "the extension supports Keycloak " + server.version()
                + (server.isNewerThanTested() ? " (newer than any release it was tested on)" : "")
                : server.disabledReason());
    }

    /** Secrets hashed without a key (the first builds): anyone who can write attributes could plant such a hash. */
    private SetupReport.Check unkeyedHashesCheck() {
        int unkeyed = session.getProvider(CredentialProvider.class).unkeyedCount(realm, CredentialClock.now());
        return SetupReport.Check.optional(UNKEYED_HASHES, unkeyed == 0, unkeyed == 0
                ? "no credential has a secret hashed without a key"
                : unkeyed + " credential(s) have a secret hashed without a key (the first builds), which "
                        + (settings.unkeyedHashes() ? "verifies only because the server option unkeyed-hashes is on"
                        : "does not verify unless the server option unkeyed-hashes is on")
                        + ": rotate their secrets, or create new credentials");
    }

    /** Optional, for credentials work without it; but members' rights rest on organization membership. */
    private static SetupReport.Check keycloakFixesCheck() {
        ServerCompatibility server = ServerCompatibility.current();
        return SetupReport.Check.optional(KEYCLOAK_FIXES, server.knownFlaw().isEmpty(), server.knownFlaw()
                .orElse("Keycloak " + server.version() + " has the security fixes the extension relies on"));
    }

    /** The key new secrets are hashed with, and every other key the realm has. */
    private SetupReport.Check hashKeyCheck() {
        HashKeys keys = HashKeys.of(realm);
        Optional<HashKey> active = keys.active();
        String others = keys.all().stream().filter(key -> active.map(a -> !a.componentId().equals(key.componentId()))
                        .orElse(true))
                .map(key -> "'" + key.kid() + "' (" + key.status() + ")").collect(Collectors.joining(", "));
        return active
                .map(key -> SetupReport.Check.of(HASH_KEY, true, "hash key '" + key.kid()
                        + "' hashes new secrets" + (others.isEmpty() ? "" : "; other keys: " + others)))
                .orElseGet(() -> SetupReport.Check.of(HASH_KEY, false, "no active hash key"
                        + (others.isEmpty() ? "" : " (keys: " + others + ")")
                        + ": new credentials cannot be created until one is added"));
    }

    /** Every key the realm's credentials need is there: a missing one is reported, never made up. */
    private SetupReport.Check neededKeysCheck() {
        HashKeys keys = HashKeys.of(realm);
        Map<String, Integer> needed = session.getProvider(CredentialProvider.class).keyUsage(realm, CredentialClock.now());
        String missing = needed.entrySet().stream().filter(entry -> keys.verifying(entry.getKey()) == null)
                .map(entry -> "'" + entry.getKey() + "' (needed by " + entry.getValue() + " credential"
                        + (entry.getValue() == 1 ? "" : "s") + ")")
                .collect(Collectors.joining(", "));
        return missing.isEmpty()
                ? SetupReport.Check.optional(HASH_KEYS_NEEDED, true, "every hash key the realm's credentials need is there")
                : SetupReport.Check.optional(HASH_KEYS_NEEDED, false, "missing or disabled hash keys " + missing
                        + ": those credentials get no tokens; restore the keys from a full export of the realm, or "
                        + "create new credentials");
    }

    private SetupReport.Check organizationsCheck() {
        if (!Profile.isFeatureEnabled(Profile.Feature.ORGANIZATION)) {
            return SetupReport.Check.of(ORGANIZATIONS, false,
                    "the server runs without the 'organization' feature; start Keycloak with it enabled");
        }
        return SetupReport.Check.of(ORGANIZATIONS, realm.isOrganizationsEnabled(), "Organizations enabled in the realm");
    }

    private boolean isResourceScopePresent(String name) {
        ClientScopeModel scope = KeycloakModelUtils.getClientScopeByName(realm, name);
        return scope != null && OIDCLoginProtocol.LOGIN_PROTOCOL.equals(scope.getProtocol());
    }

    private void addResourceScope(String name) {
        ClientScopeModel scope = KeycloakModelUtils.getClientScopeByName(realm, name);
        if (scope == null) {
            scope = realm.addClientScope(name);
        }
        scope.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        scope.setDescription("Resource API '" + name + "' for organization client credentials");
        scope.setIncludeInTokenScope(true);
        scope.setDisplayOnConsentScreen(false);
        boolean hasAudience = scope.getProtocolMappersStream()
                .anyMatch(m -> AudienceProtocolMapper.PROVIDER_ID.equals(m.getProtocolMapper())
                        && name.equals(m.getConfig().get(AudienceProtocolMapper.INCLUDED_CUSTOM_AUDIENCE)));
        if (!hasAudience) {
            scope.addProtocolMapper(AudienceProtocolMapper.createClaimMapper("audience " + name, null, name,
                    true, false, true));
        }
    }

    private boolean isAuthenticatorBound() {
        AuthenticationFlowModel flow = realm.getClientAuthenticationFlow();
        return flow != null && hasAuthenticator(flow);
    }

    private boolean hasAuthenticator(AuthenticationFlowModel flow) {
        return realm.getAuthenticationExecutionsStream(flow.getId())
                .anyMatch(e -> CredentialConstants.AUTHENTICATOR_ID.equals(e.getAuthenticator())
                        && e.getRequirement() == AuthenticationExecutionModel.Requirement.ALTERNATIVE);
    }

    /**
     * Keycloak's built-in client flow cannot take executions, so a built-in one is copied (keeping every
     * authenticator it had) and the copy bound; a realm's own flow gets the execution added.
     */
    private String bindAuthenticator() {
        AuthenticationFlowModel current = realm.getClientAuthenticationFlow();
        AuthenticationFlowModel target = current;
        String change;
        if (current == null || current.isBuiltIn()) {
            target = realm.getFlowByAlias(FLOW_ALIAS);
            if (target == null) {
                target = copyFlow(current);
            }
            change = "bound client authentication flow '" + FLOW_ALIAS + "'";
        } else {
            change = "added the '" + CredentialConstants.AUTHENTICATOR_ID + "' authenticator to client authentication flow '"
                    + current.getAlias() + "'";
        }
        if (!hasAuthenticator(target)) {
            String flowId = target.getId();
            realm.getAuthenticationExecutionsStream(flowId)
                    .filter(e -> CredentialConstants.AUTHENTICATOR_ID.equals(e.getAuthenticator()))
                    .toList()
                    .forEach(realm::removeAuthenticatorExecution);
            // First in the flow: Keycloak stops at the authenticator the client names, so a credential is
            // authenticated without running the five stock authenticators before it; other clients pay one cached
            // client lookup.
            int priority = realm.getAuthenticationExecutionsStream(flowId)
                    .mapToInt(AuthenticationExecutionModel::getPriority).min().orElse(10) - 10;
            AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
            execution.setParentFlow(flowId);
            execution.setAuthenticator(CredentialConstants.AUTHENTICATOR_ID);
            execution.setRequirement(AuthenticationExecutionModel.Requirement.ALTERNATIVE);
            execution.setPriority(priority);
            execution.setAuthenticatorFlow(false);
            realm.addAuthenticatorExecution(execution);
        }
        realm.setClientAuthenticationFlow(target);
        return change;
    }

    private AuthenticationFlowModel copyFlow(AuthenticationFlowModel source) {
        AuthenticationFlowModel copy = new AuthenticationFlowModel();
        copy.setAlias(FLOW_ALIAS);
        copy.setDescription("Keycloak's client authentication plus organization client credentials (hashed secrets)");
        copy.setProviderId(AuthenticationFlow.CLIENT_FLOW);
        copy.setTopLevel(true);
        copy.setBuiltIn(false);
        copy = realm.addAuthenticationFlow(copy);
        if (source != null) {
            String copyId = copy.getId();
            realm.getAuthenticationExecutionsStream(source.getId()).forEach(original -> {
                AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
                execution.setParentFlow(copyId);
                execution.setAuthenticator(original.getAuthenticator());
                execution.setRequirement(original.getRequirement());
                execution.setPriority(original.getPriority());
                execution.setAuthenticatorFlow(original.isAuthenticatorFlow());
                execution.setFlowId(original.getFlowId());
                execution.setAuthenticatorConfig(original.getAuthenticatorConfig());
                realm.addAuthenticatorExecution(execution);
            });
        }
        return copy;
    }

    private boolean isPolicyInstalled() {
        return session.getProvider(CredentialProvider.class).guardPolicyInstalled(realm);
    }

    private void installPolicy() {
        try {
            ClientProfilesRepresentation profiles = session.clientPolicy().getClientProfiles(realm, false);
            List<ClientProfileRepresentation> profileList = new ArrayList<>(
                    profiles.getProfiles() == null ? List.of() : profiles.getProfiles());
            profileList.removeIf(p -> CredentialConstants.GUARD_PROFILE_NAME.equals(p.getName()));
            ClientProfileRepresentation profile = new ClientProfileRepresentation();
            profile.setName(CredentialConstants.GUARD_PROFILE_NAME);
            profile.setDescription("Keeps organization client credentials' fixed parts fixed");
            ClientPolicyExecutorRepresentation executor = new ClientPolicyExecutorRepresentation();
            executor.setExecutorProviderId(CredentialConstants.GUARD_EXECUTOR_ID);
            executor.setConfiguration(JsonNodeFactory.instance.objectNode());
            profile.setExecutors(List.of(executor));
            profileList.add(profile);
            profiles.setProfiles(profileList);
            profiles.setGlobalProfiles(null);
            session.clientPolicy().updateClientProfiles(realm, profiles);

            ClientPoliciesRepresentation policies = session.clientPolicy().getClientPolicies(realm, false);
            List<ClientPolicyRepresentation> policyList = new ArrayList<>(
                    policies.getPolicies() == null ? List.of() : policies.getPolicies());
            policyList.removeIf(p -> CredentialConstants.GUARD_POLICY_NAME.equals(p.getName()));
            ClientPolicyRepresentation policy = new ClientPolicyRepresentation();
            policy.setName(CredentialConstants.GUARD_POLICY_NAME);
            policy.setDescription("Applies to organization client credentials and to clients made to look like one");
            policy.setEnabled(true);
            ClientPolicyConditionRepresentation condition = new ClientPolicyConditionRepresentation();
            condition.setConditionProviderId(CredentialConstants.CONDITION_ID);
            condition.setConfiguration(JsonNodeFactory.instance.objectNode().put("is-negative-logic", false));
            policy.setConditions(List.of(condition));
            policy.setProfiles(List.of(CredentialConstants.GUARD_PROFILE_NAME));
            policyList.add(policy);
            policies.setPolicies(policyList);
            policies.setGlobalPolicies(null);
            session.clientPolicy().updateClientPolicies(realm, policies);
        } catch (ClientPolicyException e) {
            throw CredentialException.invalidInput("Could not install the client policy: " + e.getErrorDetail());
        }
    }

}
