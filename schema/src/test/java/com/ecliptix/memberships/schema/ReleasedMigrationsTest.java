package com.ecliptix.memberships.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Released versioned migrations never change again: a database that applied one would be refused by
 * Flyway's validation ("checksum mismatch"). {@code db/released-migrations.sha256} lists every versioned
 * migration of both engines with the SHA-256 of its text (line endings normalised); this test fails when a
 * listed file differs or is gone, and when a V file is not listed yet. Repeatable migrations (R__) are
 * code and may change; they are not listed.
 */
class ReleasedMigrationsTest {

    private static final String LIST = "db/released-migrations.sha256";

    @Test
    void releasedVersionedMigrationsAreUnchanged() throws IOException {
        Map<String, String> released = released();
        Map<String, String> present = versionedMigrations();
        List<String> problems = new ArrayList<>();
        released.forEach((file, sha) -> {
            String now = present.get(file);
            if (now == null) {
                problems.add(file + " was released but is gone: restore it; a released migration is never removed.");
            } else if (!now.equals(sha)) {
                problems.add(file + " has changed since it was released (sha256 " + sha + ", now " + now + "): restore it"
                        + " and put the change in a new version (the next V<n>__<description>.sql of both engines).");
            }
        });
        present.forEach((file, sha) -> {
            if (!released.containsKey(file)) {
                problems.add(file + " is not in " + LIST + ": when it lands, add the line\n    " + sha + "  " + file);
            }
        });
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    @Test
    void bothEnginesReleaseTheSameVersions() {
        Map<String, String> present = versionedMigrations();
        List<String> postgres = present.keySet().stream().filter(f -> f.startsWith("postgresql/"))
                .map(f -> f.substring("postgresql/".length())).toList();
        List<String> sqlServer = present.keySet().stream().filter(f -> f.startsWith("sqlserver/"))
                .map(f -> f.substring("sqlserver/".length())).toList();
        assertTrue(postgres.contains("V1__baseline.sql"), "the baseline is " + postgres);
        assertEquals(postgres, sqlServer, "each version has a file of the same name per engine");
    }

    @Test
    void checksumsIgnoreLineEndingsOnly() {
        assertEquals(sha256("a\nb\n"), sha256("a\r\nb\r\n"));
        assertTrue(!sha256("a\nb\n").equals(sha256("a\nb \n")), "any other change changes the checksum");
    }

    private static Map<String, String> released() throws IOException {
        Map<String, String> released = new TreeMap<>();
        try (InputStream in = ReleasedMigrationsTest.class.getClassLoader().getResourceAsStream(LIST)) {
            if (in == null) {
                throw new IllegalStateException(LIST + " is not on the test class path");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] parts = trimmed.split("\\s+");
                released.put(parts[1], parts[0]);
            }
        }
        return released;
    }

    /** "engine/V<n>__name.sql" to its checksum, for every versioned migration on the class path. */
    private static Map<String, String> versionedMigrations() {
        Map<String, String> files = new TreeMap<>();
        for (Engine engine : Engine.values()) {
            String folder = engine.migrationLocation().substring("classpath:".length());
            URL url = ReleasedMigrationsTest.class.getClassLoader().getResource(folder);
            if (url == null) {
                throw new IllegalStateException("no migration folder " + folder + " on the class path");
            }
            try (Stream<Path> paths = Files.list(Paths.get(url.toURI()))) {
                for (Path path : paths.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql")).toList()) {
                    String name = folder.substring(folder.lastIndexOf('/') + 1) + "/" + path.getFileName();
                    files.put(name, sha256(Files.readString(path, StandardCharsets.UTF_8)));
                }
            } catch (IOException | URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return files;
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
