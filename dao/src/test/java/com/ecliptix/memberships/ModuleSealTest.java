package com.ecliptix.memberships;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module exports the API packages only, and nothing an application can reach names a type of the
 * packages it does not export. Read from the compiled {@code module-info.class} and classes, so it holds
 * however the tests themselves are run (module path or class path).
 */
class ModuleSealTest {

    private static final String ROOT = "com.ecliptix.memberships";
    private static final Set<String> API = Set.of(ROOT, ROOT + ".audit", ROOT + ".configuration", ROOT + ".device",
            ROOT + ".login", ROOT + ".maintenance", ROOT + ".membership", ROOT + ".phone", ROOT + ".session",
            ROOT + ".verification", ROOT + ".generated", ROOT + ".generated.routines", ROOT + ".generated.tables",
            ROOT + ".generated.tables.records");
    private static final Set<String> NOT_EXPORTED = Set.of(ROOT + ".internal", ROOT + ".internal.domain", ROOT + ".jooq");
    /** The domain types an application gets only from EcliptixMemberships: interfaces, implemented in internal.domain. */
    private static final List<String> DOMAIN_CLASSES = List.of("device.Devices", "phone.PhoneNumbers",
            "verification.Verification", "membership.Memberships", "login.Logins", "session.Sessions",
            "configuration.Configuration", "maintenance.Maintenance");

    @Test
    void theModuleExportsTheApiPackagesOnlyAndOpensTheGeneratedRecordsToJooqOnly() throws IOException {
        ModuleDescriptor module = descriptor();
        assertEquals(ROOT, module.name());
        Set<String> exported = module.exports().stream()
                .peek(export -> assertTrue(!export.isQualified(), "no qualified export: " + export))
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(API), exported);

        Set<String> all = new TreeSet<>(API);
        all.addAll(NOT_EXPORTED);
        assertEquals(all, new TreeSet<>(module.packages()), "a new package needs a decision here: API or not");

        assertEquals(1, module.opens().size(), module.opens().toString());
        ModuleDescriptor.Opens opens = module.opens().iterator().next();
        assertEquals(ROOT + ".generated.tables.records", opens.source());
        assertEquals(Set.of("org.jooq"), opens.targets());
        for (String transitive : List.of("java.sql", "org.jooq")) {
            assertTrue(module.requires().stream().anyMatch(r -> r.name().equals(transitive)
                    && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)), transitive + " is required transitively");
        }
    }

    @Test
    void domainTypesAreInterfacesWhoseImplementationsAreNotExported() throws ClassNotFoundException {
        for (String name : DOMAIN_CLASSES) {
            Class<?> type = Class.forName(ROOT + "." + name);
            assertTrue(type.isInterface(), name + " is an interface");
            Class<?> implementation = Class.forName(ROOT + ".internal.domain.Default" + type.getSimpleName());
            assertTrue(type.isAssignableFrom(implementation), implementation + " implements " + name);
            assertTrue(NOT_EXPORTED.contains(implementation.getPackageName()), implementation + " is not exported");
        }
    }

    @Test
    void noPublicSignatureOfAnExportedPackageNamesATypeOfAPackageThatIsNotExported() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : exportedPublicClasses()) {
            for (Type parent : type.getGenericInterfaces()) {
                leak(leaks, type.getName() + " implements", parent);
            }
            leak(leaks, type.getName() + " extends", type.getGenericSuperclass());
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (visible(c.getModifiers())) {
                    signature(leaks, c);
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic()) {
                    signature(leaks, m);
                    leak(leaks, m.toString(), m.getGenericReturnType());
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (visible(f.getModifiers()) && !f.isSynthetic()) {
                    leak(leaks, f.toString(), f.getGenericType());
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void signature(List<String> leaks, Executable executable) {
        for (Type parameter : executable.getGenericParameterTypes()) {
            leak(leaks, executable.toString(), parameter);
        }
        for (Type thrown : executable.getGenericExceptionTypes()) {
            leak(leaks, executable.toString(), thrown);
        }
    }

    private static void leak(List<String> leaks, String where, Type type) {
        if (type == null) {
            return;
        }
        // The type's name covers generic arguments too, e.g. Optional<com.ecliptix.memberships.internal.X>.
        for (String hidden : NOT_EXPORTED) {
            if (type.getTypeName().matches(".*\\b" + hidden.replace(".", "\\.") + "\\.[A-Z].*")) {
                leaks.add(where + " names " + type.getTypeName());
            }
        }
    }

    private static List<Class<?>> exportedPublicClasses() throws Exception {
        List<Class<?>> found = new ArrayList<>();
        for (String name : classNames()) {
            if (name.equals("module-info") || !API.contains(name.substring(0, name.lastIndexOf('.')))) {
                continue;
            }
            Class<?> type = Class.forName(name, false, ModuleSealTest.class.getClassLoader());
            if (Modifier.isPublic(type.getModifiers()) && (type.getEnclosingClass() == null
                    || Modifier.isPublic(type.getEnclosingClass().getModifiers()))) {
                found.add(type);
            }
        }
        assertTrue(found.size() > 50, "the API's classes were found: " + found.size());
        return found;
    }

    /** The compiled descriptor; its packages are those of the class files (javac does not record them, jar does). */
    private static ModuleDescriptor descriptor() throws IOException {
        Set<String> packages = new TreeSet<>();
        for (String name : classNames()) {
            if (name.contains(".")) {
                packages.add(name.substring(0, name.lastIndexOf('.')));
            }
        }
        try (InputStream in = Files.newInputStream(classesDirectory().resolve("module-info.class"))) {
            return ModuleDescriptor.read(in, () -> packages);
        }
    }

    private static List<String> classNames() throws IOException {
        Path classes = classesDirectory();
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".").replaceAll("\\.class$", ""))
                    .toList();
        }
    }

    /** target/classes, where the main classes and module-info.class were compiled to. */
    private static Path classesDirectory() {
        try {
            Path location = Path.of(EcliptixMemberships.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertTrue(Files.isRegularFile(location.resolve("module-info.class")), "module-info.class in " + location);
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
