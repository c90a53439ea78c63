package com.ecliptix.memberships;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is optional: only the metrics binder and its meters name a Micrometer type, so an application
 * without Micrometer never loads one (the API records nothing then). Read from the compiled classes'
 * constant pools, where every type a class refers to is named.
 */
class OptionalMicrometerTest {

    @Test
    void onlyTheMetricsClassesReferToMicrometer() throws IOException, URISyntaxException {
        Path classes = Path.of(EcliptixMemberships.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        TreeSet<String> referring = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (bytes.contains("io/micrometer/")) {
                    referring.add(classes.relativize(file).toString().replace('\\', '/'));
                }
            }
        }
        assertTrue(referring.size() > 1, "the scan found the metrics classes: " + referring);
        assertEquals(new TreeSet<>(List.of("com/ecliptix/memberships/EcliptixMembershipsMetrics.class",
                "com/ecliptix/memberships/RoutineMeters.class")), referring);
    }
}
