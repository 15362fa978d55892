package io.orgcredentials.keycloak.publicapi.members;

/** One of the caller's organizations, and whether they may manage its credentials ({@code manage}). */
public record MemberOrganizationRepresentation(String id, String alias, String name, boolean manage) {
}
