package com.ecliptix.memberships.schema;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rewrites the database part of PostgreSQL and SQL Server JDBC URLs. */
final class JdbcUrls {

    private static final Pattern POSTGRES = Pattern.compile("^(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?$");
    private static final Pattern SQLSERVER_DATABASE =
            Pattern.compile(";\\s*(databaseName|database)\\s*=[^;]*", Pattern.CASE_INSENSITIVE);
    private static final Pattern SECRET =
            Pattern.compile("((?:password|pwd)\\s*=)[^;&]*", Pattern.CASE_INSENSITIVE);

    private JdbcUrls() {
    }

    static String withDatabase(String url, String database) {
        return switch (Engine.ofUrl(url)) {
            case POSTGRESQL -> {
                Matcher m = POSTGRES.matcher(url);
                if (!m.matches()) {
                    throw new IllegalArgumentException("Unrecognised PostgreSQL URL: " + redact(url));
                }
                yield m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
            }
            case SQLSERVER -> SQLSERVER_DATABASE.matcher(url).replaceAll("").replaceAll(";+$", "")
                    + ";databaseName=" + database;
        };
    }

    static String redact(String url) {
        return SECRET.matcher(url).replaceAll("$1***");
    }
}
