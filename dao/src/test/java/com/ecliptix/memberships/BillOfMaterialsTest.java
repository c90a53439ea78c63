package com.ecliptix.memberships;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bill of materials has no parent (so that importing it pins nothing but this module's artifacts),
 * which leaves its version to be kept equal to the project's by hand: this test notices when it is not,
 * and when an artifact meant for applications is missing from it. Read as text from the source tree.
 */
class BillOfMaterialsTest {

    /** The artifacts an application may add: the API, the migrations, the snapshot and drift tooling. */
    private static final List<String> FOR_APPLICATIONS = List.of("ecliptix-memberships-dao",
            "ecliptix-memberships-schema", "ecliptix-memberships-schema-catalog");

    private static final Pattern MANAGED = Pattern.compile(
            "<groupId>com\\.ecliptix\\.memberships</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");

    @Test
    void theBillOfMaterialsIsAtTheProjectVersionAndManagesEveryArtifactForApplications() throws IOException {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        String project = Files.readString(root.resolve("pom.xml"));
        String bom = Files.readString(root.resolve("bom/pom.xml"));

        assertEquals(versionAfter(project, "ecliptix-memberships"), versionAfter(bom, "ecliptix-memberships-bom"),
                "bom/pom.xml's version must be the project's");
        assertTrue(!bom.contains("<parent>"), "the bill of materials has no parent");

        List<String> managed = new ArrayList<>();
        Matcher m = MANAGED.matcher(bom.substring(bom.indexOf("<dependencyManagement>")));
        while (m.find()) {
            managed.add(m.group(1));
            assertEquals("${project.version}", m.group(2), m.group(1));
            assertTrue(project.contains("<artifactId>" + m.group(1) + "</artifactId>"), m.group(1) + " is an artifact of the build");
        }
        assertEquals(new TreeSet<>(FOR_APPLICATIONS), new TreeSet<>(managed));
    }

    private static String versionAfter(String pom, String artifactId) {
        Matcher m = Pattern.compile("<artifactId>" + Pattern.quote(artifactId) + "</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertTrue(m.find(), "no version after " + artifactId);
        return m.group(1);
    }
}
