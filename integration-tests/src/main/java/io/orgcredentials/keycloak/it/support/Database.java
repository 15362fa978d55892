package io.orgcredentials.keycloak.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The database a test Keycloak runs on: Keycloak's embedded H2 (default), or a fresh database on the
 * PostgreSQL or MariaDB server of the machine, created for the run and dropped afterwards.
 * Chosen with {@code -Ddb=postgres|mariadb|h2}; server addresses with {@code -Dit.postgres.host} etc.
 */
public final class Database implements AutoCloseable {

    /** H2 is in memory (tests); H2_FILE keeps data in the Keycloak home between starts (the demo). */
    public enum Kind { H2, H2_FILE, POSTGRES, MARIADB }

    private final Kind kind;
    private final String name;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private Database(Kind kind, String name, String host, int port, String user, String password) {
        this.kind = kind;
        this.name = name;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    public static Kind configuredKind() {
        String db = System.getProperty("it.db", "h2").trim().toLowerCase();
        return switch (db) {
            case "", "h2", "dev-mem", "dev-file" -> Kind.H2;
            case "postgres", "postgresql" -> Kind.POSTGRES;
            case "mariadb", "mysql" -> Kind.MARIADB;
            default -> throw new IllegalArgumentException("unknown -Ddb=" + db + " (h2, postgres or mariadb)");
        };
    }

    /** A new, empty database of the configured kind (H2 needs none: Keycloak keeps it in memory). */
    public static Database create(Kind kind) {
        String name = "occ_it_" + System.currentTimeMillis() + "_" + ThreadLocalRandom.current().nextInt(1000, 9999);
        Database db = switch (kind) {
            case H2, H2_FILE -> new Database(kind, null, null, 0, null, null);
            case POSTGRES -> new Database(kind, name, System.getProperty("it.postgres.host", "127.0.0.1"),
                    Integer.getInteger("it.postgres.port", 5432), System.getProperty("it.postgres.user", "postgres"),
                    System.getProperty("it.postgres.password", "postgres"));
            case MARIADB -> new Database(kind, name, System.getProperty("it.mariadb.host", "127.0.0.1"),
                    Integer.getInteger("it.mariadb.port", 3306), System.getProperty("it.mariadb.user", "root"),
                    System.getProperty("it.mariadb.password", ""));
        };
        if (kind == Kind.POSTGRES || kind == Kind.MARIADB) {
            db.execute("CREATE DATABASE " + name + (kind == Kind.MARIADB ? " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" : ""));
        }
        return db;
    }

    /** A new, empty database on the PostgreSQL server at this address (user postgres, trust authentication). */
    public static Database createPostgres(String host, int port) {
        String name = "occ_it_" + System.currentTimeMillis() + "_" + ThreadLocalRandom.current().nextInt(1000, 9999);
        Database db = new Database(Kind.POSTGRES, name, host, port, "postgres", "postgres");
        db.execute("CREATE DATABASE " + name);
        return db;
    }

    public Kind kind() {
        return kind;
    }

    /** The Keycloak options that point it at this database. */
    public List<String> keycloakOptions() {
        List<String> options = new ArrayList<>();
        switch (kind) {
            case H2 -> options.add("--db=dev-mem");
            case H2_FILE -> options.add("--db=dev-file");
            case POSTGRES -> {
                options.add("--db=postgres");
                options.add("--db-url=jdbc:postgresql://" + host + ":" + port + "/" + name);
                options.add("--db-username=" + user);
                options.add("--db-password=" + password);
            }
            case MARIADB -> {
                options.add("--db=mariadb");
                options.add("--db-url=jdbc:mariadb://" + host + ":" + port + "/" + name);
                options.add("--db-username=" + user);
                if (!password.isEmpty()) {
                    options.add("--db-password=" + password);
                }
            }
        }
        return options;
    }

    /** Whether the tests can look into this database (PostgreSQL, MariaDB); H2 lives inside Keycloak. */
    public boolean isReachableFromTests() {
        return kind == Kind.POSTGRES || kind == Kind.MARIADB;
    }

    /** The build-time option naming the database vendor, for {@code kc.sh build}. */
    public String vendorOption() {
        return switch (kind) {
            case H2 -> "--db=dev-mem";
            case H2_FILE -> "--db=dev-file";
            case POSTGRES -> "--db=postgres";
            case MARIADB -> "--db=mariadb";
        };
    }

    /** The run-time options (URL, user, password), for {@code kc.sh start --optimized}. */
    public List<String> connectionOptions() {
        return keycloakOptions().stream().filter(o -> !o.startsWith("--db=")).toList();
    }

    /**
     * Whether this machine's server for {@code kind} answers. Tests that need it skip when it does not,
     * unless -Dit.require-databases=true (CI), where they fail instead.
     */
    public static boolean serverReachable(Kind kind) {
        try {
            Database probe = switch (kind) {
                case POSTGRES -> new Database(kind, "postgres", System.getProperty("it.postgres.host", "127.0.0.1"),
                        Integer.getInteger("it.postgres.port", 5432), System.getProperty("it.postgres.user", "postgres"),
                        System.getProperty("it.postgres.password", "postgres"));
                case MARIADB -> new Database(kind, "", System.getProperty("it.mariadb.host", "127.0.0.1"),
                        Integer.getInteger("it.mariadb.port", 3306), System.getProperty("it.mariadb.user", "root"),
                        System.getProperty("it.mariadb.password", ""));
                default -> null;
            };
            if (probe == null) {
                return true;
            }
            probe.connect().close();
            return true;
        } catch (SQLException e) {
            lastProblem = e.toString();
            return false;
        }
    }

    private static volatile String lastProblem = "";

    /** Why the last {@link #serverReachable} answered false. */
    public static String lastProblem() {
        return lastProblem;
    }

    /**
     * Registers the JDBC driver from this class's own class loader: under Maven's exec:java (benchmark, demo) the
     * JDBC driver list may have been built before, from another class loader, and would not know the driver.
     */
    private void loadDriver() throws SQLException {
        String driver = switch (kind) {
            case POSTGRES -> "org.postgresql.Driver";
            case MARIADB -> "org.mariadb.jdbc.Driver";
            case H2, H2_FILE -> null;
        };
        if (driver != null) {
            try {
                Class.forName(driver, true, Database.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new SQLException("no JDBC driver " + driver + " on the class path", e);
            }
        }
    }

    /** A JDBC connection to this database, for tests that look at what is stored. */
    public Connection connect() throws SQLException {
        loadDriver();
        return switch (kind) {
            case POSTGRES -> DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + name, user, password);
            case MARIADB -> DriverManager.getConnection("jdbc:mariadb://" + host + ":" + port + "/" + name, user, password);
            case H2, H2_FILE -> throw new SQLException("the embedded H2 database is not reachable from the tests");
        };
    }

    @Override
    public void close() {
        if (kind == Kind.POSTGRES) {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } else if (kind == Kind.MARIADB) {
            execute("DROP DATABASE IF EXISTS " + name);
        }
    }

    private void execute(String sql) {
        String url = kind == Kind.POSTGRES ? "jdbc:postgresql://" + host + ":" + port + "/postgres"
                : "jdbc:mariadb://" + host + ":" + port + "/";
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "' on " + kind + " at " + host + ":" + port
                    + " (is the server running?): " + e.getMessage(), e);
        }
    }
}
