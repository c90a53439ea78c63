package com.ecliptix.memberships.codegen;

import com.ecliptix.memberships.schema.ClassPathFiles;
import com.ecliptix.memberships.schema.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.Constants;
import org.jooq.meta.CatalogDefinition;
import org.jooq.meta.CatalogVersionProvider;
import org.jooq.meta.SchemaDefinition;
import org.jooq.meta.SchemaVersionProvider;

/**
 * The version jOOQ compares with the one in the last generated code to skip an unchanged generation: a
 * SHA-256 of everything the generated code depends on, namely the PostgreSQL migrations, the generator's
 * configuration (the file named by the database property {@value #CONFIGURATION_PROPERTY}, the dao pom),
 * this module's classes (the naming strategy and the database) and jOOQ's version. Computed from files
 * alone, so an unchanged build opens no database (see {@link MigratedPostgresDatabase}).
 *
 * <p>Configured as {@code <catalogVersionProvider>} and {@code <schemaVersionProvider>}.
 */
public class CodegenInputs implements CatalogVersionProvider, SchemaVersionProvider {

    /** The database property that names the file holding the generator's configuration. */
    public static final String CONFIGURATION_PROPERTY = "generatorConfiguration";

    private static final String CODEGEN_CLASSES = CodegenInputs.class.getPackageName().replace('.', '/');

    @Override
    public String version(CatalogDefinition catalog) {
        return fingerprint(catalog.getDatabase().getProperties().getProperty(CONFIGURATION_PROPERTY));
    }

    @Override
    public String version(SchemaDefinition schema) {
        return fingerprint(schema.getDatabase().getProperties().getProperty(CONFIGURATION_PROPERTY));
    }

    /** The fingerprint of the migrations, the configuration file (if any), this module's classes and jOOQ's version. */
    static String fingerprint(String configurationFile) {
        return fingerprint(CodegenInputs.class.getClassLoader(), configurationFile);
    }

    /** The fingerprint of what {@code loader} holds under the migration folder and this package (tests give their own). */
    static String fingerprint(ClassLoader loader, String configurationFile) {
        MessageDigest sha256 = sha256();
        Map<String, byte[]> inputs = new TreeMap<>();
        String migrations = migrationFolder();
        inputs.putAll(ClassPathFiles.under(loader, migrations));
        inputs.putAll(ClassPathFiles.under(loader, CODEGEN_CLASSES));
        if (inputs.keySet().stream().noneMatch(name -> name.startsWith(migrations + "/"))) {
            throw new IllegalStateException("No migrations found on the class path under " + migrations);
        }
        if (configurationFile != null && !configurationFile.isBlank()) {
            inputs.put("configuration", read(Paths.get(configurationFile)));
        }
        inputs.put("jooq", Constants.FULL_VERSION.getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> input : inputs.entrySet()) {
            sha256.update(input.getKey().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(Integer.toString(input.getValue().length).getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(input.getValue());
        }
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }

    /** The class-path folder of the PostgreSQL migrations, which the code is generated from. */
    static String migrationFolder() {
        return Engine.POSTGRESQL.migrationLocation().replaceFirst("^classpath:", "");
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
