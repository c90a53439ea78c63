package com.ecliptix.memberships.schema.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of a routine's definition: SHA-256 of the text with every run of whitespace
 * collapsed to one space, so line endings and re-indentation do not count, while any other edit does
 * (a changed statement, a changed literal, an added comment). The text is what the engine reports
 * ({@code pg_get_functiondef} / {@code sys.sql_modules.definition}), so fingerprints are comparable
 * only within one engine; PostgreSQL's also covers the header it generates (language, volatility,
 * {@code SECURITY DEFINER}, {@code SET} options).
 */
final class BodyFingerprint {

    static final String PREFIX = "sha256:";

    private BodyFingerprint() {
    }

    /** The fingerprint, or null when the engine does not show the definition (an encrypted module). */
    static String of(String definition) {
        if (definition == null) {
            return null;
        }
        String normalized = definition.strip().replaceAll("\\s+", " ");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
