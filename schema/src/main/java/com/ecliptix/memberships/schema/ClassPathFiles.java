package com.ecliptix.memberships.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** The files under a class-path folder, from directories and jars alike: the migrations, say. */
public final class ClassPathFiles {

    private ClassPathFiles() {
    }

    /**
     * Every file under the folder, at any depth and in every class-path root the loader knows, by its
     * path from the root ({@code db/migration/sqlserver/V1__baseline.sql}), in path order.
     */
    public static Map<String, byte[]> under(ClassLoader loader, String folder) {
        Map<String, byte[]> found = new TreeMap<>();
        try {
            Enumeration<URL> roots = loader.getResources(folder);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                if ("file".equals(root.getProtocol())) {
                    Path base = Path.of(root.toURI());
                    try (Stream<Path> files = Files.walk(base)) {
                        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                            found.put(folder + "/" + base.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                        }
                    }
                } else if ("jar".equals(root.getProtocol())) {
                    JarURLConnection connection = (JarURLConnection) root.openConnection();
                    connection.setUseCaches(false);
                    try (JarFile jar = connection.getJarFile()) {
                        for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                            if (!entry.isDirectory() && entry.getName().startsWith(folder + "/")) {
                                try (InputStream in = jar.getInputStream(entry)) {
                                    found.put(entry.getName(), in.readAllBytes());
                                }
                            }
                        }
                    }
                } else {
                    throw new IllegalStateException("Cannot list " + root);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the class-path folder " + folder, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot read the class-path folder " + folder, e);
        }
        return found;
    }
}
