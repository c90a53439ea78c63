package com.ecliptix.memberships.schema.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of a routine's definition: SHA-256 of its normalized text, comparable only within
 * one engine.
 *
 * <p>PostgreSQL ({@link #of}): the text {@code pg_get_functiondef} generates, with every run of
 * whitespace collapsed to one space; it also covers the header PostgreSQL writes (language,
 * volatility, {@code SECURITY DEFINER}, {@code SET} options).
 *
 * <p>T-SQL ({@link #ofTsql}): of a module's definition as {@code sys.sql_modules} keeps it, or of the
 * migration's batch that creates it ({@link TsqlMigrationRoutines}). Comments do not count, nor does
 * whitespace, nor letter case outside string literals (keywords and, in the usual case-insensitive
 * collations, names); any other edit does (a changed statement, operator, name or literal).
 */
final class BodyFingerprint {

    private BodyFingerprint() {
    }

    /** The fingerprint, or null when the engine does not show the definition (an encrypted module). */
    static String of(String definition) {
        return definition == null ? null : sha256(definition.strip().replaceAll("\\s+", " "));
    }

    /** The fingerprint of a T-SQL module's definition, or null when the engine does not show it (WITH ENCRYPTION). */
    static String ofTsql(String definition) {
        return definition == null ? null : sha256(normalizedTsql(definition));
    }

    /** The text without comments, lower-cased outside string literals, each run of whitespace one space. */
    static String normalizedTsql(String definition) {
        StringBuilder out = new StringBuilder(definition.length());
        for (TsqlText.Token token : TsqlText.tokens(TsqlText.withoutComments(definition))) {
            switch (token.kind()) {
                case LITERAL -> out.append(token.text());
                case SPACE -> out.append(' ');
                // Character by character, as a case-insensitive collation compares them.
                default -> token.text().chars().forEach(c -> out.append(Character.toLowerCase((char) c)));
            }
        }
        return out.toString().strip();
    }

    private static String sha256(String normalized) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
