package com.ecliptix.memberships.schema.throwaway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Whether a Docker engine answers, found where Testcontainers looks for one: {@code DOCKER_HOST} (or
 * {@code docker.host} in {@code ~/.testcontainers.properties}), else the usual Unix sockets. Asked before
 * Testcontainers is, because Testcontainers logs an ERROR when it finds no engine, and a machine without
 * Docker is a normal place to build this project. It only opens a connection; Testcontainers does the rest.
 */
final class DockerEngine {

    static final String HOST_VARIABLE = "DOCKER_HOST";
    private static final int CONNECT_TIMEOUT_MILLIS = 1000;

    private static Optional<String> whyNone;

    private DockerEngine() {
    }

    /** Empty when an engine answers; else why none does, for skip messages. Asked once per JVM. */
    static synchronized Optional<String> whyNoneAnswers() {
        if (whyNone == null) {
            whyNone = whyNoneAnswers(configuredHost(), defaultSockets());
        }
        return whyNone;
    }

    /** The check itself: the configured host when there is one, else the first default socket that answers. */
    static Optional<String> whyNoneAnswers(Optional<String> configuredHost, List<Path> defaultSockets) {
        if (configuredHost.isPresent()) {
            String host = configuredHost.get();
            return answers(host) ? Optional.empty()
                    : Optional.of("no Docker engine answers at " + HOST_VARIABLE + "=" + host);
        }
        for (Path socket : defaultSockets) {
            if (Files.exists(socket) && answers("unix://" + socket)) {
                return Optional.empty();
            }
        }
        return Optional.of("no Docker engine answers (" + HOST_VARIABLE + " is not set and none of "
                + defaultSockets + " answers)");
    }

    /** True when a connection to a {@code unix://} or {@code tcp://} Docker host can be opened. */
    static boolean answers(String host) {
        try {
            URI uri = URI.create(host);
            if ("unix".equals(uri.getScheme())) {
                try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    channel.connect(UnixDomainSocketAddress.of(uri.getPath()));
                    return true;
                }
            }
            if ("tcp".equals(uri.getScheme()) || "http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 2375 : uri.getPort()),
                            CONNECT_TIMEOUT_MILLIS);
                    return true;
                }
            }
            // Another transport (a Windows named pipe): let Testcontainers judge it.
            return true;
        } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static Optional<String> configuredHost() {
        String fromEnvironment = System.getenv(HOST_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment.strip());
        }
        Path properties = Path.of(System.getProperty("user.home"), ".testcontainers.properties");
        if (!Files.isRegularFile(properties)) {
            return Optional.empty();
        }
        Properties settings = new Properties();
        try (InputStream in = Files.newInputStream(properties)) {
            settings.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + properties, e);
        }
        return Optional.ofNullable(settings.getProperty("docker.host")).map(String::strip).filter(h -> !h.isEmpty());
    }

    private static List<Path> defaultSockets() {
        List<Path> sockets = new ArrayList<>();
        sockets.add(Path.of("/var/run/docker.sock"));
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            sockets.add(Path.of(runtime, ".docker", "run", "docker.sock"));
            sockets.add(Path.of(runtime, "docker.sock"));
        }
        Path home = Path.of(System.getProperty("user.home"));
        sockets.add(home.resolve(".docker/run/docker.sock"));
        sockets.add(home.resolve(".docker/desktop/docker.sock"));
        return sockets;
    }
}
