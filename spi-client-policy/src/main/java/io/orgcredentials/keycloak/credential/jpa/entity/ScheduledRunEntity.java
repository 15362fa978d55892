package io.orgcredentials.keycloak.credential.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * When a cluster-wide periodic task last ran: the row a node must win, by a conditional update, to run the task in
 * a period. The database decides, so one node runs it per period however the nodes' timers fall.
 */
@Entity
@Table(name = "OCC_SCHEDULED_RUN")
@NamedQuery(name = "occScheduledRun.claim",
        query = "update ScheduledRunEntity r set r.lastRun = :now where r.taskName = :taskName"
                + " and r.lastRun <= :dueBefore")
public class ScheduledRunEntity {

    @Id
    @Column(name = "TASK_NAME", length = 100)
    private String taskName;

    /** Epoch seconds. */
    @Column(name = "LAST_RUN", nullable = false)
    private long lastRun;

    /** Rows are made by the changelog, one per task; the extension only claims them. */
    protected ScheduledRunEntity() {
    }

    /** Epoch seconds of the last run; 0 before the first. */
    public long lastRun() {
        return lastRun;
    }

    public void markRun(long now) {
        this.lastRun = now;
    }
}
