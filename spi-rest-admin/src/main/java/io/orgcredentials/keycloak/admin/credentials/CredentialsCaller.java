package io.orgcredentials.keycloak.admin.credentials;

import org.keycloak.models.OrganizationModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * Who calls an organization's credential endpoints, and what they may do there: the one thing in which the admin
 * API (an admin and Keycloak's admin permissions) and the members' API (an organization member and the
 * credential-manager right) differ. Everything else, the JSON, the errors and the events, is the same.
 */
public interface CredentialsCaller {

    enum Right { VIEW, MANAGE }

    /**
     * The organization named by {@code idOrAlias}, once the caller has this right there; a 403 otherwise, and a 404
     * only to callers who may see every organization, so that the answer never tells others which ones exist.
     */
    OrganizationModel organization(String idOrAlias, Right right);

    /** Whether the caller has this right on this organization (for the access endpoint). */
    boolean may(Right right, OrganizationModel organization);

    /** Whether the caller may change an organization's limit (a realm-wide decision, never an organization's). */
    boolean mayChangeLimit();

    /** The 403's sentence when the caller may not change the limit. */
    String limitRefusal();

    /**
     * Whether the caller may name this organization's credential managers: an admin who may manage its credentials;
     * never a member, not even a manager (the organization's admins decide who manages).
     */
    boolean mayNameManagers(OrganizationModel organization);

    /** The 403's sentence when the caller may not name managers. */
    String managersRefusal();

    /** Where the caller's changes are recorded: Keycloak's admin events, with the caller as the acting user. */
    AdminEventBuilder events();
}
