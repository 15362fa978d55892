package io.orgcredentials.keycloak.admin.permissions;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Finds the Keycloak 26.7 implementation ({@code spi-keycloak-26-7}, compiled against that API) without linking
 * it from code that also runs on 26.4: this class is only reached where the server has organization permissions.
 */
final class OrganizationAccessSince267 {

    static final String IMPLEMENTATION = "io.orgcredentials.keycloak.v26_7.FineGrainedOrganizationAccess";

    private static final MethodHandle FACTORY = factory();

    private OrganizationAccessSince267() {
    }

    static OrganizationAccess create(AdminPermissionEvaluator auth) {
        try {
            return (OrganizationAccess) FACTORY.invoke(auth);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static MethodHandle factory() {
        try {
            Class<?> type = Class.forName(IMPLEMENTATION, true, OrganizationAccessSince267.class.getClassLoader());
            return MethodHandles.publicLookup().findConstructor(type,
                    MethodType.methodType(void.class, AdminPermissionEvaluator.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the drop-in jar lacks " + IMPLEMENTATION, e);
        }
    }
}
