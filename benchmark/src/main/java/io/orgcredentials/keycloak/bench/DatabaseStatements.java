package io.orgcredentials.keycloak.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.orgcredentials.keycloak.it.support.Database;

/**
 * What Keycloak asked of its database, from PostgreSQL's {@code pg_stat_statements}: calls and execution time per
 * statement (normalized: literals replaced by placeholders), for the benchmark's database only. The benchmark's
 * own PostgreSQL server loads the module (the machine's shared server does not); transaction control (BEGIN,
 * COMMIT, SET) is not tracked, so a count is of SQL statements proper.
 */
final class DatabaseStatements implements AutoCloseable {

    /** The settings the benchmark's PostgreSQL server starts with. */
    static final List<String> SERVER_SETTINGS = List.of("shared_preload_libraries=pg_stat_statements",
            "pg_stat_statements.track_utility=off", "pg_stat_statements.max=10000");

    /** One statement's calls and total execution time in the database since the last reset. */
    record Usage(long calls, double millis) {

        Usage plus(Usage other) {
            return new Usage(calls + other.calls, millis + other.millis);
        }
    }

    private final Connection connection;

    DatabaseStatements(Database database) throws SQLException {
        connection = database.connect();
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        }
    }

    void reset() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /** Every statement run in this database since the last reset, but this class's own. */
    Map<String, Usage> read() throws SQLException {
        Map<String, Usage> usage = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT query, calls, total_exec_time FROM pg_stat_statements "
                     + "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                     + "AND query NOT LIKE '%pg_stat_statements%' ORDER BY calls DESC")) {
            while (rows.next()) {
                usage.merge(rows.getString(1).replaceAll("\\s+", " "), new Usage(rows.getLong(2), rows.getDouble(3)),
                        Usage::plus);
            }
        }
        return usage;
    }

    static long calls(Map<String, Usage> usage) {
        return usage.values().stream().mapToLong(Usage::calls).sum();
    }

    static double millis(Map<String, Usage> usage) {
        return usage.values().stream().mapToDouble(Usage::millis).sum();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
