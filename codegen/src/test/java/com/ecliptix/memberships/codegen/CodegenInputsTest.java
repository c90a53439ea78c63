package com.ecliptix.memberships.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fingerprint that lets an unchanged build skip code generation: stable for the same inputs, different when
 * a migration, the generator's configuration or this module's classes change, and never computed over nothing.
 */
class CodegenInputsTest {

    @TempDir
    Path classPath;

    /** Where the configuration file lives: not on the class path. */
    @TempDir
    Path project;

    @Test
    void theSameInputsGiveTheSameFingerprint() throws IOException {
        Path configuration = file("configuration.xml", "<generator/>");
        migration("V1__baseline.sql", "CREATE TABLE a (id int);");

        assertEquals(fingerprint(configuration), fingerprint(configuration));
        assertTrue(fingerprint(configuration).matches("sha256:[0-9a-f]{64}"), fingerprint(configuration));
    }

    @Test
    void aChangedAddedOrRenamedMigrationChangesIt() throws IOException {
        migration("V1__baseline.sql", "CREATE TABLE a (id int);");
        String before = fingerprint(null);

        migration("V1__baseline.sql", "CREATE TABLE a (id bigint);");
        String edited = fingerprint(null);
        assertNotEquals(before, edited, "an edited migration");

        migration("V2__more.sql", "CREATE TABLE b (id int);");
        String added = fingerprint(null);
        assertNotEquals(edited, added, "an added migration");

        Files.move(migrationFile("V2__more.sql"), migrationFile("V2__renamed.sql"));
        assertNotEquals(added, fingerprint(null), "a renamed migration, same content");
    }

    @Test
    void theGeneratorsConfigurationAndThisModulesClassesAreInputs() throws IOException {
        migration("V1__baseline.sql", "CREATE TABLE a (id int);");
        Path configuration = file("configuration.xml", "<generator/>");
        String before = fingerprint(configuration);

        Files.writeString(configuration, "<generator><name>other</name></generator>");
        String reconfigured = fingerprint(configuration);
        assertNotEquals(before, reconfigured, "the configuration");

        Path strategy = classPath.resolve(CodegenInputs.class.getPackageName().replace('.', '/')).resolve("Strategy.class");
        Files.createDirectories(strategy.getParent());
        Files.write(strategy, new byte[] {(byte) 0xCA, (byte) 0xFE});
        assertNotEquals(reconfigured, fingerprint(configuration), "a class of the generator");
    }

    @Test
    void noMigrationsOnTheClassPathIsAnErrorNotAFingerprint() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fingerprint(null));
        assertTrue(e.getMessage().contains(CodegenInputs.migrationFolder()), e.getMessage());
    }

    @Test
    void theBuildsOwnClassPathHoldsThePostgresqlMigrations() {
        assertTrue(CodegenInputs.fingerprint(null).startsWith("sha256:"));
    }

    private String fingerprint(Path configuration) throws IOException {
        // No parent loader: only this test's folder is on the class path.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classPath.toUri().toURL()}, null)) {
            return CodegenInputs.fingerprint(loader, configuration == null ? null : configuration.toString());
        }
    }

    private void migration(String name, String sql) throws IOException {
        Path file = migrationFile(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, sql, StandardCharsets.UTF_8);
    }

    private Path migrationFile(String name) {
        return classPath.resolve(CodegenInputs.migrationFolder()).resolve(name);
    }

    private Path file(String name, String text) throws IOException {
        Path file = project.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
