package io.orgcredentials.keycloak.admin.credentials;

/** An organization's limit: how many credentials it may hold, holds, and may still create. */
public record LimitRepresentation(int limit, long used, long available) {

    public static LimitRepresentation of(int limit, long used) {
        return new LimitRepresentation(limit, used, Math.max(0, limit - used));
    }
}
