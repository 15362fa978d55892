package io.orgcredentials.keycloak.notice;

import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgcredentials.keycloak.CredentialConstants;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * An expiry notice as a Keycloak admin event, for the realm's event listeners and (when the realm saves admin
 * events) its event store: operation {@code ACTION}, resource type {@code CLIENT}, resource path
 * {@code org-client-credentials/organizations/{orgId}/clients/{clientId}/expiry-notice}, and a representation with
 * the credential, its expiry, the threshold and how many recipients the e-mail reached. The acting party is the
 * server itself: the auth details name only the realm.
 */
final class ExpiryNoticeEvent {

    static final String PATH_SEGMENT = "expiry-notice";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExpiryNoticeEvent() {
    }

    static void emit(KeycloakSession session, ExpiryNotices.ExpiryNotice notice, int mailed) {
        RealmModel realm = notice.realm();
        AdminEvent event = new AdminEvent();
        event.setId(KeycloakModelUtils.generateId());
        event.setTime(Time.currentTimeMillis());
        event.setRealmId(realm.getId());
        event.setRealmName(realm.getName());
        AuthDetails auth = new AuthDetails();
        auth.setRealmId(realm.getId());
        auth.setRealmName(realm.getName());
        event.setAuthDetails(auth);
        event.setOperationType(OperationType.ACTION);
        event.setResourceType(ResourceType.CLIENT);
        event.setResourcePath(String.join("/", CredentialConstants.organizationEventPath(
                notice.organization().getId(), CredentialConstants.CLIENTS, notice.clientId(), PATH_SEGMENT)));
        event.setRepresentation(representation(notice, mailed));
        event.setDetails(Map.of("daysBeforeExpiry", Integer.toString(notice.daysBeforeExpiry())));

        if (realm.isAdminEventsEnabled()) {
            session.getProvider(EventStoreProvider.class).onEvent(event, realm.isAdminEventsDetailsEnabled());
        }
        realm.getEventsListenersStream()
                .map(id -> session.getProvider(EventListenerProvider.class, id))
                .filter(Objects::nonNull)
                .forEach(listener -> listener.onEvent(event, true));
    }

    private static String representation(ExpiryNotices.ExpiryNotice notice, int mailed) {
        ObjectNode json = JSON.createObjectNode();
        json.put("clientId", notice.clientId());
        json.put("name", notice.name());
        ObjectNode organization = json.putObject("organization");
        organization.put("id", notice.organization().getId());
        organization.put("alias", notice.organization().getAlias());
        json.put("expiresAt", notice.expiresAt().toString());
        json.put("daysBeforeExpiry", notice.daysBeforeExpiry());
        json.put("recipientsReached", mailed);
        return json.toString();
    }
}
