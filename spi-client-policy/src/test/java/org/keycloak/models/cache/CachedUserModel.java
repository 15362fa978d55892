package org.keycloak.models.cache;

import java.util.concurrent.ConcurrentMap;

import org.keycloak.models.UserModel;

/**
 * Test stand-in for Keycloak's interface of the same name (keycloak-model-storage, not in the repository this
 * project builds from): only the method the extension reaches by name, with the signature it has on every supported
 * Keycloak. Never packaged.
 */
public interface CachedUserModel extends UserModel {

    ConcurrentMap<Object, Object> getCachedWith();
}
