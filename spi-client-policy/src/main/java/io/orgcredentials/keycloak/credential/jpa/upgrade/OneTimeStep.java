package io.orgcredentials.keycloak.credential.jpa.upgrade;

import java.time.Instant;

import io.orgcredentials.keycloak.credential.jpa.entity.ScheduledRunEntity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * A step that runs once per database: its row in OCC_SCHEDULED_RUN (inserted with LAST_RUN 0 by the changeset that
 * brings the step) is taken with a row lock, so that of nodes starting together one runs the step and the others
 * find it done; the row records when it ran, in the step's own transaction.
 */
final class OneTimeStep {

    private OneTimeStep() {
    }

    /** Runs {@code step} unless this database had it; whether it ran now. */
    static boolean runOnce(KeycloakSession session, String task, Instant now, Runnable step) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        ScheduledRunEntity marker = em.find(ScheduledRunEntity.class, task, LockModeType.PESSIMISTIC_WRITE);
        if (marker == null || marker.lastRun() != 0) {
            return false;
        }
        step.run();
        marker.markRun(now.getEpochSecond());
        return true;
    }
}
