package com.ecliptix.memberships.routines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.schema.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The dao's one schema-version constant is the highest versioned migration of both engines. */
class SchemaVersionConstantTest {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.sql");
    private static final Path MIGRATIONS = Path.of("..", "schema", "src", "main", "resources", "db", "migration");

    @Test
    void theConstantIsTheHighestVersionOfEveryEngine() throws IOException {
        for (Engine engine : Engine.values()) {
            assertEquals(EcliptixMemberships.SCHEMA_VERSION, Integer.toString(highestVersion(MIGRATIONS.resolve(engine.folder()))),
                    engine + " migrations");
        }
    }

    private static int highestVersion(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> VERSIONED.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max()
                    .orElseThrow(() -> new AssertionError("no versioned migration in " + folder.toAbsolutePath()));
        }
    }
}
