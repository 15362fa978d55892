package io.orgcredentials.keycloak.credential;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

import org.keycloak.models.UserModel;

/**
 * The map Keycloak's user cache keeps beside a cached user for extensions to fill
 * ({@code org.keycloak.models.cache.CachedUserModel#getCachedWith()}): it lives exactly as long as that cache entry,
 * and Keycloak drops the entry on every node whenever the user changes. Reached by name because the artifact that
 * declares the interface (keycloak-model-storage) is not in the repository this project builds from; the interface
 * and its method are the same on every supported Keycloak. A user that is not a cache entry (read from the database
 * in a transaction that changes it, or any other implementation) has no slot.
 */
final class UserCacheSlot {

    private static final String CACHED_USER_MODEL = "org.keycloak.models.cache.CachedUserModel";

    /** Per implementation class: its getCachedWith(), if it is a cached user. */
    private static final ClassValue<Optional<Method>> CACHED_WITH = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
            return cachedUserInterface(type).flatMap(cachedUser -> {
                try {
                    return Optional.of(cachedUser.getMethod("getCachedWith"));
                } catch (NoSuchMethodException e) {
                    return Optional.empty();
                }
            });
        }
    };

    private UserCacheSlot() {
    }

    @SuppressWarnings("unchecked")
    static Optional<ConcurrentMap<Object, Object>> of(UserModel user) {
        Optional<Method> cachedWith = CACHED_WITH.get(user.getClass());
        if (cachedWith.isEmpty()) {
            return Optional.empty();
        }
        try {
            return cachedWith.get().invoke(user) instanceof ConcurrentMap<?, ?> map
                    ? Optional.of((ConcurrentMap<Object, Object>) map) : Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Class<?>> cachedUserInterface(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Optional<Class<?>> found = Arrays.stream(c.getInterfaces())
                    .flatMap(i -> i.getName().equals(CACHED_USER_MODEL) ? Stream.of(i)
                            : cachedUserInterface(i).stream())
                    .findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
