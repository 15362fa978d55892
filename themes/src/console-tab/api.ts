// Calls to one organization's credential endpoints, with the signed-in user's token: the admin API (the console tab)
// or the members' API (the self-service page), which share their JSON and errors.
export type Credential = {
  clientId: string;
  name: string;
  organization: { id: string; alias: string };
  tokenEndpoint: string;
  createdAt: string;
  expiresAt: string;
  status: "active" | "expired" | "unusable";
  problem?: string;
  /** Only on an active credential within the first expiry-notice threshold. */
  expiringSoon?: boolean;
  /** Only while the secret the last rotation replaced still works. */
  previousSecretExpiresAt?: string;
  lastUsedAt?: string;
  scopes: string[];
  /** How it authenticates: with a secret, or with public keys (client assertions). */
  tokenEndpointAuthMethod?: "client_secret_basic" | "private_key_jwt";
  /** Only on a credential with public keys. */
  keys?: PublicKeyInfo[];
  clientSecret?: string;
};

/** A public key of a credential, as the API lists it. */
export type PublicKeyInfo = { kid: string; kty: string; alg: string; thumbprint: string };
/** A public key as a request sends it: a JWK set of one key, or PEM. */
export type KeyInput = { jwks: { keys: object[] } } | { publicKeyPem: string };

export type Limit = { limit: number; used: number; available: number };
/** The rules a new credential of the organization meets now (GET .../rules): dates as ISO-8601 instants. */
export type Rules = {
  limit: number;
  defaultLifetime: string;
  minimumLifetime: string;
  maximumLifetime: string;
  defaultExpiresAt: string;
  earliestExpiresAt: string;
  latestExpiresAt: string;
  rotationGrace: string;
  scopes: string[];
  expiryNoticeDays: number[];
};
export type Access = { view: boolean; manage: boolean; manageLimit: boolean; manageManagers: boolean };
export type Manager = { id: string; username: string; email?: string };
export type Member = { id: string; username: string; email?: string };

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The admin API's URL of one organization. */
export function adminOrganizationUrl(adminBaseUrl: string, realm: string, orgId: string) {
  return `${adminBaseUrl}/admin/realms/${encodeURIComponent(realm)}/org-client-credentials/organizations/${encodeURIComponent(orgId)}`;
}

export function credentialsApi(organizationUrl: string, token: () => Promise<string>) {
  const base = organizationUrl;

  async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await fetch(base + path, {
      ...init,
      headers: { Authorization: `Bearer ${await token()}`, "Content-Type": "application/json", ...(init.headers ?? {}) },
    });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new ApiError(response.status, body.error_description ?? body.errorMessage ?? `HTTP ${response.status}`);
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  return {
    list: (status: string) => call<Credential[]>(`/clients?max=1000${status ? `&status=${status}` : ""}`),
    limit: () => call<Limit>("/limit"),
    access: () => call<Access>("/access"),
    rules: () => call<Rules>("/rules"),
    /** A credential with a secret, or with {@code key} a credential with that public key. */
    create: (name: string, expiresAt: string, key?: KeyInput) =>
      call<Credential>("/clients", { method: "POST", body: JSON.stringify({ name, expiresAt, ...(key ?? {}) }) }),
    addKey: (clientId: string, key: KeyInput) =>
      call<Credential>(`/clients/${encodeURIComponent(clientId)}/keys`, { method: "POST", body: JSON.stringify(key) }),
    removeKey: (clientId: string, kid: string) =>
      call<void>(`/clients/${encodeURIComponent(clientId)}/keys/${encodeURIComponent(kid)}`, { method: "DELETE" }),
    /** A new secret; the old one keeps working for the server's rotation grace. */
    rotate: (clientId: string) =>
      call<Credential>(`/clients/${encodeURIComponent(clientId)}/rotate-secret`, { method: "POST" }),
    remove: (clientId: string) => call<void>(`/clients/${encodeURIComponent(clientId)}`, { method: "DELETE" }),
    managers: () => call<Manager[]>("/managers"),
    addManager: (userId: string) => call<void>(`/managers/${encodeURIComponent(userId)}`, { method: "PUT" }),
    removeManager: (userId: string) => call<void>(`/managers/${encodeURIComponent(userId)}`, { method: "DELETE" }),
    /** The organization's members, from Keycloak's own admin API (for choosing a manager; admins only). */
    members: async () => {
      const keycloakOrganization = base.replace("/org-client-credentials/organizations/", "/organizations/");
      const response = await fetch(`${keycloakOrganization}/members?max=1000&briefRepresentation=true`, {
        headers: { Authorization: `Bearer ${await token()}` },
      });
      if (!response.ok) throw new ApiError(response.status, `HTTP ${response.status}`);
      return (await response.json()) as Member[];
    },
  };
}
