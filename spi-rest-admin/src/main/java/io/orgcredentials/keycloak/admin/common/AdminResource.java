package io.orgcredentials.keycloak.admin.common;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** What every admin resource of the extension works with: the request's session and realm, the admin, the events. */
public abstract class AdminResource {

    protected final KeycloakSession session;
    protected final RealmModel realm;
    protected final AdminPermissionEvaluator auth;
    protected final AdminEventBuilder adminEvent;

    protected AdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /** For a sub-resource: the same session, realm, admin and events as its parent. */
    protected AdminResource(AdminResource parent) {
        this(parent.session, parent.realm, parent.auth, parent.adminEvent);
    }
}
