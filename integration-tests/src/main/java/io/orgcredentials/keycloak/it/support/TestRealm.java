package io.orgcredentials.keycloak.it.support;

import java.util.UUID;

/** A fresh realm for one test class: its own name, so test classes never see each other's data. */
public final class TestRealm implements AutoCloseable {

    public static final String REALM_ADMIN = "realm-admin-user";
    public static final String PASSWORD = "Passw0rd!";

    private final KeycloakApi api;
    private final String name;

    private TestRealm(KeycloakApi api, String name) {
        this.api = api;
        this.name = name;
    }

    /** A new realm with a user holding the realm-admin role; not yet set up for client credentials. */
    public static TestRealm create(KeycloakApi api, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        api.createRealm(name);
        api.createUser(name, REALM_ADMIN, PASSWORD, "realm-admin");
        return new TestRealm(api, name);
    }

    /** A new realm, set up for client credentials. */
    public static TestRealm createReady(KeycloakApi api, String prefix) {
        TestRealm realm = create(api, prefix);
        api.setup(realm.name());
        return realm;
    }

    public String name() {
        return name;
    }

    public String realmAdminToken() {
        return api.userToken(name, REALM_ADMIN, PASSWORD);
    }

    @Override
    public void close() {
        api.deleteRealm(name);
    }
}
