package io.orgcredentials.keycloak.credential;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.orgcredentials.keycloak.CredentialConstants;
import io.orgcredentials.keycloak.compat.ServerCompatibility;
import io.orgcredentials.keycloak.hashkey.HashKey;
import io.orgcredentials.keycloak.hashkey.HashKeys;
import io.orgcredentials.keycloak.settings.CredentialSettings;
import org.keycloak.common.constants.ServiceAccountConstants;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.protocol.oidc.OIDCLoginProtocolFactory;

/**
 * An organization client credential, seen through the Keycloak client that carries it.
 *
 * <p>This class is the only place that knows the credential's client attributes. Attributes (rather than a
 * table) because Keycloak caches them with the client and invalidates them across a cluster, so the token
 * path reads them without touching the database.
 */
public final class Credential {

    static final String PREFIX = CredentialConstants.ATTRIBUTE_PREFIX;
    public static final String ORGANIZATION_ID = PREFIX + "organization-id";
    public static final String NAME = PREFIX + "name";
    public static final String CREATED_AT = PREFIX + "created-at";
    public static final String EXPIRES_AT = PREFIX + "expires-at";
    public static final String SECRET_HASH = PREFIX + "secret-hash";
    /** The hash of the secret a rotation replaced, while it still works (see {@link #rotate}). */
    public static final String PREVIOUS_SECRET_HASH = PREFIX + "previous-secret-hash";
    /** Epoch seconds at which the previous secret stops working. */
    public static final String PREVIOUS_SECRET_UNTIL = PREFIX + "previous-secret-until";

    /** The keyed MAC over the other attributes and the service account ({@link CredentialSeal}). */
    public static final String SEAL = PREFIX + "seal";
    /**
     * For a hash of version 2 or 1: the moment Keycloak stored the client that the hash was bound to, as it was when
     * the upgrade sealed the credential ("-" for none), because an import stores the client anew.
     */
    public static final String LEGACY_CLIENT_CREATED = PREFIX + "legacy-client-created";
    /**
     * The smallest number of days before expiry that an expiry notice went out for: kept with the client so that an
     * export carries it and an imported credential is not notified again. Not sealed: it decides no token.
     */
    public static final String NOTICE_DAYS = PREFIX + "notice-days";
    /**
     * How the credential authenticates: {@value #PRIVATE_KEY_JWT} for one with public keys (RFC 7523 client
     * assertions); absent for one with a secret. Its keys are in Keycloak's own client attribute
     * ({@code jwks.string}, as Keycloak's client-jwt keeps them, so that an export carries them as a client's keys);
     * the seal covers both.
     */
    public static final String AUTH_METHOD = PREFIX + "auth-method";
    /** RFC 7591's name for authentication with a client assertion signed by the client's key. */
    public static final String PRIVATE_KEY_JWT = "private_key_jwt";
    /** RFC 7591's name for authentication with a secret (HTTP Basic; the form fields work too). */
    public static final String CLIENT_SECRET_BASIC = "client_secret_basic";
    /** How many public keys a credential holds at most: two, so that a key can be replaced without a gap. */
    public static final int MAX_PUBLIC_KEYS = 2;

    /** Every attribute a credential carries; none may be changed outside the extension. */
    public static final Set<String> ATTRIBUTES = Set.of(ORGANIZATION_ID, NAME, CREATED_AT, EXPIRES_AT, SECRET_HASH,
            PREVIOUS_SECRET_HASH, PREVIOUS_SECRET_UNTIL, SEAL, LEGACY_CLIENT_CREATED, NOTICE_DAYS, AUTH_METHOD);

    /**
     * Keycloak's client settings that decide which client assertions it accepts: a key credential's must be its own
     * keys, as sealed, and nothing of the client's own (a longer assertion lifetime, another algorithm, a key URL).
     */
    static final List<String> ASSERTION_SETTINGS = List.of(OIDCConfigAttributes.USE_JWKS_URL,
            OIDCConfigAttributes.JWKS_URL, OIDCConfigAttributes.TOKEN_ENDPOINT_AUTH_SIGNING_MAX_EXP,
            "token.endpoint.auth.signing.alg");

    /** Which of a credential's secrets a presented one is. */
    public enum SecretMatch { CURRENT, PREVIOUS, NONE }

    /**
     * Client settings that would give a credential more than short-lived client_credentials access tokens, on any
     * supported Keycloak: refresh tokens (and with them a stored session per request), the device, CIBA, token
     * exchange and (26.5+) JWT authorization grants, (26.7) external tokens of identity providers, and verifiable
     * credential issuance. Keycloak's attribute names, as its admin console writes them; literals, because the
     * newer ones are not in the oldest API this jar is built against (GrantAttributesIT checks this list against
     * each running version's own constants).
     */
    public static final List<String> FORBIDDEN_GRANT_ATTRIBUTES = List.of(
            "client_credentials.use_refresh_token",
            "oauth2.device.authorization.grant.enabled",
            "oidc.ciba.grant.enabled",
            "standard.token.exchange.enabled",
            "oauth2.jwt.authorization.grant.enabled",
            "external.token.enabled",
            "oid4vci.enabled");

    /** Client scopes Keycloak itself gives a service-account client; anything else must be a resource scope. */
    public static final Set<String> BUILT_IN_SCOPES = Set.of(OIDCLoginProtocolFactory.BASIC_SCOPE,
            ServiceAccountConstants.SERVICE_ACCOUNT_SCOPE);

    private final ClientModel client;

    private Credential(ClientModel client) {
        this.client = client;
    }

    /** Whether the client is marked as a credential (whatever state its other attributes are in). */
    public static boolean isCredential(ClientModel client) {
        return client != null && client.getAttribute(ORGANIZATION_ID) != null;
    }

    public static Optional<Credential> of(ClientModel client) {
        return isCredential(client) ? Optional.of(new Credential(client)) : Optional.empty();
    }

    /**
     * Writes the attributes of a new credential, with the hash of its secret; called once, when the extension
     * creates it, after Keycloak stored the client.
     */
    public static Credential bind(ClientModel client, String organizationId, String name, Instant createdAt,
                                           Instant expiresAt, String secret, HashKey hashKey, String serviceAccountId) {
        client.setAttribute(ORGANIZATION_ID, organizationId);
        client.setAttribute(NAME, name);
        client.setAttribute(CREATED_AT, Long.toString(createdAt.getEpochSecond()));
        client.setAttribute(EXPIRES_AT, Long.toString(expiresAt.getEpochSecond()));
        Credential credential = new Credential(client);
        client.setAttribute(SECRET_HASH, CredentialSecret.hash(secret, credential.binding(), hashKey));
        credential.seal(hashKey, serviceAccountId);
        return credential;
    }

    /**
     * Writes the attributes of a new credential that authenticates with public keys (no secret); called once, when
     * the extension creates it, after Keycloak stored the client.
     */
    public static Credential bindKeys(ClientModel client, String organizationId, String name, Instant createdAt,
                                      Instant expiresAt, List<CredentialPublicKey> keys, HashKey hashKey,
                                      String serviceAccountId) {
        client.setAttribute(ORGANIZATION_ID, organizationId);
        client.setAttribute(NAME, name);
        client.setAttribute(CREATED_AT, Long.toString(createdAt.getEpochSecond()));
        client.setAttribute(EXPIRES_AT, Long.toString(expiresAt.getEpochSecond()));
        client.setAttribute(AUTH_METHOD, PRIVATE_KEY_JWT);
        Credential credential = new Credential(client);
        credential.replaceKeys(keys, hashKey, serviceAccountId);
        return credential;
    }

    public String clientId() {
        return client.getClientId();
    }

    /** Whether the credential authenticates with public keys (client assertions) rather than a secret. */
    public boolean usesKeys() {
        return PRIVATE_KEY_JWT.equals(client.getAttribute(AUTH_METHOD));
    }

    /** {@value #PRIVATE_KEY_JWT} or {@value #CLIENT_SECRET_BASIC}. */
    public String authMethod() {
        return usesKeys() ? PRIVATE_KEY_JWT : CLIENT_SECRET_BASIC;
    }

    /** The public keys of a key credential, as stored (empty for a secret credential or damaged keys). */
    public List<CredentialPublicKey> publicKeys() {
        return usesKeys() ? CredentialPublicKey.readJwks(client.getAttribute(OIDCConfigAttributes.JWKS_STRING))
                : List.of();
    }

    /** Gives a key credential these public keys and seals it. */
    public void replaceKeys(List<CredentialPublicKey> keys, HashKey hashKey, String serviceAccountId) {
        client.setAttribute(OIDCConfigAttributes.USE_JWKS_STRING, Boolean.TRUE.toString());
        client.setAttribute(OIDCConfigAttributes.JWKS_STRING, CredentialPublicKey.writeJwks(keys));
        seal(hashKey, serviceAccountId);
    }

    public String organizationId() {
        return client.getAttribute(ORGANIZATION_ID);
    }

    public String name() {
        return client.getAttribute(NAME);
    }

    /** Null when the attribute is missing or damaged. */
    public Instant createdAt() {
        return epochSeconds(client.getAttribute(CREATED_AT));
    }

    /** Null when the attribute is missing or damaged. */
    public Instant expiresAt() {
        return epochSeconds(client.getAttribute(EXPIRES_AT));
    }

    public boolean isExpired(Instant now) {
        Instant expiresAt = expiresAt();
        return expiresAt == null || !now.isBefore(expiresAt);
    }

    /**
     * Constant-time check of a presented secret: the current one, or the one a rotation replaced while it still works
     * at {@code now}. NONE for a wrong secret and for a damaged or re-created credential, and for an unkeyed hash of
     * the first builds unless {@code unkeyedHashes} (the server option) lets those verify.
     */
    public SecretMatch secretMatch(String presentedSecret, HashKeys hashKeys, boolean unkeyedHashes, Instant now) {
        if (expiresAt() == null || organizationId() == null || usesKeys()) {
            return SecretMatch.NONE;
        }
        CredentialBinding binding = binding();
        if (verifies(presentedSecret, client.getAttribute(SECRET_HASH), binding, hashKeys, unkeyedHashes)) {
            return SecretMatch.CURRENT;
        }
        if (previousSecretUntil(now) != null && verifies(presentedSecret, client.getAttribute(PREVIOUS_SECRET_HASH),
                binding, hashKeys, unkeyedHashes)) {
            return SecretMatch.PREVIOUS;
        }
        return SecretMatch.NONE;
    }

    private static boolean verifies(String presentedSecret, String storedHash, CredentialBinding binding,
                                    HashKeys hashKeys, boolean unkeyedHashes) {
        return (unkeyedHashes || !CredentialSecret.isUnkeyed(storedHash))
                && CredentialSecret.matches(presentedSecret, storedHash, binding, hashKeys::verifying);
    }

    /** Whether the current secret's hash is an unkeyed one of the first builds. */
    public boolean hasUnkeyedHash() {
        return CredentialSecret.isUnkeyed(client.getAttribute(SECRET_HASH));
    }

    /** When the secret a rotation replaced stops working, or null when there is none that works at {@code now}. */
    public Instant previousSecretUntil(Instant now) {
        Instant until = epochSeconds(client.getAttribute(PREVIOUS_SECRET_UNTIL));
        if (until == null || !now.isBefore(until) || client.getAttribute(PREVIOUS_SECRET_HASH) == null) {
            return null;
        }
        Instant expiresAt = expiresAt();
        return expiresAt != null && until.isAfter(expiresAt) ? expiresAt : until;
    }

    /**
     * Replaces the secret. The current one keeps working until {@code previousUntil} (none at all when that is not
     * after {@code now}); a previous secret from an earlier rotation stops at once, so that at most two work.
     */
    public void rotate(String newSecret, HashKey hashKey, Instant now, Instant previousUntil, String serviceAccountId) {
        String currentHash = client.getAttribute(SECRET_HASH);
        if (previousUntil.isAfter(now)) {
            client.setAttribute(PREVIOUS_SECRET_HASH, currentHash);
            client.setAttribute(PREVIOUS_SECRET_UNTIL, Long.toString(previousUntil.getEpochSecond()));
        } else {
            client.removeAttribute(PREVIOUS_SECRET_HASH);
            client.removeAttribute(PREVIOUS_SECRET_UNTIL);
        }
        client.setAttribute(SECRET_HASH, CredentialSecret.hash(newSecret, binding(), hashKey));
        seal(hashKey, serviceAccountId);
    }

    /**
     * Seals the credential's attributes as they are now, with the service account's id: called by the extension
     * after each change it makes, and by the upgrade for credentials made before seals existed.
     */
    public void seal(HashKey hashKey, String serviceAccountId) {
        client.setAttribute(SEAL, CredentialSeal.seal(hashKey, sealedText(serviceAccountId)));
    }

    /** Whether the extension sealed this credential (the upgrade seals those made before). */
    public boolean isSealed() {
        return client.getAttribute(SEAL) != null;
    }

    /**
     * Records, before the first seal of a credential with a hash of version 2 or 1, the client creation moment that
     * hash is bound to, so that it keeps verifying once an import has stored the client anew.
     */
    public void keepLegacyBinding() {
        String hash = client.getAttribute(SECRET_HASH);
        boolean legacy = hash != null && !hash.startsWith(CredentialSecret.KEYED + ":");
        if (legacy && client.getAttribute(LEGACY_CLIENT_CREATED) == null) {
            Long created = ServerCompatibility.current().clientCreatedTimestamp(client);
            client.setAttribute(LEGACY_CLIENT_CREATED, created == null ? "-" : created.toString());
        }
    }

    /** The keys without which the credential cannot get a token: its seal's and its current secret hash's. */
    private Set<String> requiredKeyIds() {
        Set<String> ids = new java.util.TreeSet<>();
        for (String value : new String[]{CredentialSeal.keyId(client.getAttribute(SEAL)),
                CredentialSecret.keyId(client.getAttribute(SECRET_HASH))}) {
            if (value != null) {
                ids.add(value);
            }
        }
        return ids;
    }

    /** What the notice state says: the fewest days before expiry a notice went out for, or null. */
    public Integer noticeDays() {
        try {
            String value = client.getAttribute(NOTICE_DAYS);
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException damaged) {
            return null;
        }
    }

    public void recordNotice(int days) {
        client.setAttribute(NOTICE_DAYS, Integer.toString(days));
    }

    private CredentialBinding binding() {
        // Hashes of version 2 and 1 were also bound to when Keycloak 26.6+ stored the client (null before 26.6):
        // the moment recorded at the upgrade, or, for a credential not sealed yet, the client's own.
        String recorded = client.getAttribute(LEGACY_CLIENT_CREATED);
        Long legacyCreated;
        if (recorded == null) {
            legacyCreated = ServerCompatibility.current().clientCreatedTimestamp(client);
        } else {
            legacyCreated = "-".equals(recorded) ? null : parseLong(recorded);
        }
        return new CredentialBinding(client.getClientId(), client.getId(), legacyCreated, organizationId(), expiresAt());
    }

    private static Long parseLong(String value) {
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException damaged) {
            return Long.MIN_VALUE; // binds to nothing any client has
        }
    }

    /** Everything a seal covers, in a fixed order, each attribute as stored ("-" where absent). */
    private String sealedText(String serviceAccountId) {
        StringBuilder text = new StringBuilder();
        text.append(client.getId()).append('\n').append(client.getClientId()).append('\n')
                .append(serviceAccountId == null ? "-" : serviceAccountId).append('\n');
        for (String attribute : SEALED_ATTRIBUTES) {
            String value = client.getAttribute(attribute);
            text.append(value == null ? "-" : value).append('\n');
        }
        // Only a key credential's seal covers its keys: the seals of secret credentials stay what they were.
        if (usesKeys()) {
            for (String attribute : SEALED_KEY_ATTRIBUTES) {
                String value = client.getAttribute(attribute);
                text.append(value == null ? "-" : value).append('\n');
            }
        }
        return text.toString();
    }

    /** What the seal covers besides the client's ids and its service account, in this order. */
    private static final List<String> SEALED_ATTRIBUTES = List.of(ORGANIZATION_ID, NAME, CREATED_AT, EXPIRES_AT,
            SECRET_HASH, PREVIOUS_SECRET_HASH, PREVIOUS_SECRET_UNTIL, LEGACY_CLIENT_CREATED);

    /** What a key credential's seal covers besides, in this order: the method and the keys Keycloak verifies with. */
    private static final List<String> SEALED_KEY_ATTRIBUTES = List.of(AUTH_METHOD,
            OIDCConfigAttributes.USE_JWKS_STRING, OIDCConfigAttributes.JWKS_STRING);

    /**
     * Why this credential may not get tokens although it exists, or empty when it is sound. Keycloak fires no
     * client-policy event for some generic admin paths (partial import, scope assignment), so this is asked
     * again for every token rather than trusting that nothing changed. Cheap: cached client fields only.
     */
    private Optional<String> damagedSetUp() {
        boolean keys = usesKeys();
        if (name() == null || createdAt() == null || expiresAt() == null
                || (!keys && client.getAttribute(SECRET_HASH) == null)) {
            return Optional.of("its attributes are incomplete or damaged");
        }
        if (keys) {
            Optional<String> keyProblem = keySetUpProblem();
            if (keyProblem.isPresent()) {
                return keyProblem;
            }
        }
        if (!CredentialConstants.AUTHENTICATOR_ID.equals(client.getClientAuthenticatorType())) {
            return Optional.of("its client authenticator was changed to " + client.getClientAuthenticatorType());
        }
        if (client.isPublicClient() || client.isBearerOnly() || !client.isServiceAccountsEnabled()) {
            return Optional.of("its client is no longer a confidential service-account client");
        }
        if (client.isStandardFlowEnabled() || client.isImplicitFlowEnabled() || client.isDirectAccessGrantsEnabled()) {
            return Optional.of("its client was given a user login flow (standard, implicit or direct access grants)");
        }
        for (String grant : FORBIDDEN_GRANT_ATTRIBUTES) {
            if (Boolean.parseBoolean(client.getAttribute(grant))) {
                return Optional.of("its client was given the setting " + grant + "=true");
            }
        }
        if (client.isFullScopeAllowed()) {
            return Optional.of("its client was given full role scope");
        }
        if (client.getProtocolMappersStream().findAny().isPresent()) {
            return Optional.of("its client was given protocol mappers of its own");
        }
        return Optional.empty();
    }

    /** What is wrong with a key credential's keys or with how its client accepts assertions, if anything. */
    private Optional<String> keySetUpProblem() {
        if (client.getAttribute(SECRET_HASH) != null || client.getAttribute(PREVIOUS_SECRET_HASH) != null) {
            return Optional.of("its attributes give it both public keys and a secret");
        }
        if (!Boolean.parseBoolean(client.getAttribute(OIDCConfigAttributes.USE_JWKS_STRING))) {
            return Optional.of("its client no longer takes its keys from the credential (use.jwks.string)");
        }
        for (String setting : ASSERTION_SETTINGS) {
            String value = client.getAttribute(setting);
            if (value != null && !value.isEmpty() && !"false".equals(value)) {
                return Optional.of("its client was given the setting " + setting + " for client assertions");
            }
        }
        int count = publicKeys().size();
        if (count == 0 || count > MAX_PUBLIC_KEYS) {
            return Optional.of("its public keys are missing or damaged");
        }
        return Optional.empty();
    }

    /**
     * Why this credential may not get a token: {@link #damagedSetUp()}; a hash key it names that its realm lacks;
     * a missing service account; a seal that does not hold ({@link CredentialSeal}); any role it could carry into
     * Keycloak's own APIs (which decide by the roles in the database, not by the token's claims); or a default
     * client scope outside the fixed set, which would ride along in every token. (An optional scope outside the set
     * is harmless: requesting it is refused as invalid_scope.) The one rule set the authenticator, the token shaper
     * and the listing all use. Cached models only: the client, its service-account user, their role mappings.
     */
    public Optional<String> unusableReason(KeycloakSession session, CredentialSettings settings) {
        return unusableReason(session, settings, HashKeys.of(client.getRealm()));
    }

    /**
     * {@link #unusableReason(KeycloakSession, CredentialSettings)} with the realm's keys as a token request already
     * looked them up for the secret, so that the hash key is read and decoded once per request.
     */
    public Optional<String> unusableReason(KeycloakSession session, CredentialSettings settings, HashKeys keys) {
        UserModel serviceAccount = session.users().getServiceAccount(client);
        // A missing key first: it says what to do for a credential a partial import brought (which also lacks its
        // service account), and nothing else can make such a credential work again.
        return damagedSetUp()
                .or(() -> keyProblem(keys))
                .or(() -> !settings.unkeyedHashes() && hasUnkeyedHash()
                        ? Optional.of(CredentialKeys.UNKEYED_HASH) : Optional.empty())
                .or(() -> serviceAccount == null ? Optional.of("its service-account user is missing") : Optional.empty())
                .or(() -> CredentialSeal.problem(client.getAttribute(SEAL), sealedText(serviceAccount.getId()), keys))
                .or(() -> grantedPrivilege(session, serviceAccount))
                .or(() -> client.getClientScopes(true).values().stream()
                        .map(ClientScopeModel::getName)
                        .filter(scope -> isForeignScope(scope, settings))
                        .findFirst()
                        .map(scope -> "its client was given the default client scope '" + scope
                                + "', outside the fixed resource scopes"));
    }

    /**
     * A credential holds no role beyond the realm's default roles, and its client no role scope: Keycloak's own
     * APIs decide by the roles in the database, not by the token's (empty) role claims. The service account's side is
     * one question ({@link ServiceAccountCheck}), answered from Keycloak's user cache when it can be; only a refusal
     * reads the roles and groups through the models, to name one. Roles defined on the credential's client itself
     * are not looked at here: listing them is a database query on every call, and such a role grants nothing until
     * someone holds it, which for the service account is checked here.
     */
    private Optional<String> grantedPrivilege(KeycloakSession session, UserModel serviceAccount) {
        if (client.getScopeMappingsStream().findAny().isPresent()) {
            return Optional.of("its client was given role scope mappings");
        }
        RoleModel defaultRole = client.getRealm().getDefaultRole();
        String defaultRoleId = defaultRole == null ? "" : defaultRole.getId();
        if (ServiceAccountCheck.holdsOnly(session, serviceAccount, defaultRoleId)) {
            return Optional.empty();
        }
        Optional<String> extraRole = serviceAccount.getRoleMappingsStream()
                .filter(role -> !defaultRoleId.equals(role.getId()))
                .map(RoleModel::getName)
                .findFirst();
        if (extraRole.isPresent()) {
            return Optional.of("its service account was given the role '" + extraRole.get() + "'");
        }
        Optional<String> group = serviceAccount.getGroupsStream().map(GroupModel::getName).findFirst();
        return Optional.of(group.map(name -> "its service account was put in the group '" + name + "'")
                .orElse("its service account was given a role or a group membership"));
    }

    /** A hash key this credential names that its realm does not have, or has disabled or without material. */
    private Optional<String> keyProblem(HashKeys keys) {
        return requiredKeyIds().stream().filter(kid -> keys.verifying(kid) == null).findFirst()
                .map(kid -> CredentialKeys.missingKey(keys, kid));
    }

    /** A client scope a credential's token may not carry. */
    public static boolean isForeignScope(String scopeName, CredentialSettings settings) {
        return !BUILT_IN_SCOPES.contains(scopeName) && !settings.isResourceScope(scopeName);
    }

    private static Instant epochSeconds(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(value));
        } catch (NumberFormatException | java.time.DateTimeException damaged) {
            return null;
        }
    }
}
