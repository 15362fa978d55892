package io.orgcredentials.keycloak.clientpolicy;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.orgcredentials.keycloak.CredentialConstants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/**
 * The realm's client policy and profile that guard credentials (installed by the set-up): whether they are
 * there and enabled. On Keycloak 26.4 and 26.5 the same policy shapes credential tokens, so the authenticator
 * asks this for every credential token request there; the answer is cached per realm against the exact text of
 * the realm's policy settings, so a request pays a string comparison, and any change to them is seen at once. One
 * instance per server, held by the credential domain's factory, which forgets a removed realm's answer.
 */
public final class GuardPolicy {

    /** Keycloak's realm attributes that hold client profiles and policies as JSON. */
    static final String PROFILES_ATTRIBUTE = "client-policies.profiles";
    static final String POLICIES_ATTRIBUTE = "client-policies.policies";

    private record Answer(String profilesJson, String policiesJson, boolean installed) {
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    public boolean isInstalled(KeycloakSession session, RealmModel realm) {
        String profilesJson = realm.getAttribute(PROFILES_ATTRIBUTE);
        String policiesJson = realm.getAttribute(POLICIES_ATTRIBUTE);
        Answer cached = answers.get(realm.getId());
        if (cached != null && Objects.equals(cached.profilesJson(), profilesJson)
                && Objects.equals(cached.policiesJson(), policiesJson)) {
            return cached.installed();
        }
        boolean installed = read(session, realm);
        answers.put(realm.getId(), new Answer(profilesJson, policiesJson, installed));
        return installed;
    }

    /** The realm was removed. */
    public void forget(String realmId) {
        answers.remove(realmId);
    }

    private static boolean read(KeycloakSession session, RealmModel realm) {
        try {
            ClientProfilesRepresentation profiles = session.clientPolicy().getClientProfiles(realm, false);
            ClientPoliciesRepresentation policies = session.clientPolicy().getClientPolicies(realm, false);
            boolean profileOk = profiles != null && profiles.getProfiles() != null && profiles.getProfiles().stream()
                    .anyMatch(p -> CredentialConstants.GUARD_PROFILE_NAME.equals(p.getName()) && p.getExecutors() != null
                            && p.getExecutors().stream().anyMatch(e ->
                            CredentialConstants.GUARD_EXECUTOR_ID.equals(e.getExecutorProviderId())));
            boolean policyOk = policies != null && policies.getPolicies() != null && policies.getPolicies().stream()
                    .anyMatch(p -> CredentialConstants.GUARD_POLICY_NAME.equals(p.getName()) && Boolean.TRUE.equals(p.isEnabled())
                            && p.getProfiles() != null && p.getProfiles().contains(CredentialConstants.GUARD_PROFILE_NAME)
                            && p.getConditions() != null && p.getConditions().stream().anyMatch(c ->
                            CredentialConstants.CONDITION_ID.equals(c.getConditionProviderId())));
            return profileOk && policyOk;
        } catch (ClientPolicyException | RuntimeException damaged) {
            return false;
        }
    }
}
