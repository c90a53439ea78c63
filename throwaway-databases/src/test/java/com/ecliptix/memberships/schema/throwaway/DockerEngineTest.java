package com.ecliptix.memberships.schema.throwaway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.schema.Engine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Docker ping that comes before Testcontainers, against sockets this test opens and closes itself. */
class DockerEngineTest {

    @Test
    void aListeningTcpHostAnswersAndAClosedPortDoesNot() throws IOException {
        int closed;
        try (ServerSocket listening = new ServerSocket(0)) {
            assertEquals(Optional.empty(),
                    DockerEngine.whyNoneAnswers(Optional.of("tcp://127.0.0.1:" + listening.getLocalPort()), List.of()));
            closed = listening.getLocalPort();
        }
        Optional<String> why = DockerEngine.whyNoneAnswers(Optional.of("tcp://127.0.0.1:" + closed), List.of());
        assertTrue(why.isPresent() && why.get().contains("DOCKER_HOST=tcp://127.0.0.1:" + closed), why.toString());
    }

    @Test
    void aListeningUnixSocketAnswersAndAMissingOneDoesNot(@TempDir Path folder) throws IOException {
        Path socket = folder.resolve("docker.sock");
        Path missing = folder.resolve("missing.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertEquals(Optional.empty(), DockerEngine.whyNoneAnswers(Optional.empty(), List.of(missing, socket)));
            assertEquals(Optional.empty(), DockerEngine.whyNoneAnswers(Optional.of("unix://" + socket), List.of()));
        }
        Optional<String> why = DockerEngine.whyNoneAnswers(Optional.empty(), List.of(missing, socket));
        assertTrue(why.isPresent() && why.get().contains("DOCKER_HOST is not set") && why.get().contains(missing.toString()),
                why.toString());
    }

    @Test
    void withoutDockerTheReasonComesWithoutAnErrorLine() {
        Assumptions.assumeTrue(DockerEngine.whyNoneAnswers().isPresent(),
                "a Docker engine answers here, so Testcontainers is asked (and may log what it likes)");
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String reason;
        try {
            reason = DatabaseServers.unavailableReason(Engine.SQLSERVER);
        } finally {
            System.setErr(original);
        }
        assertFalse(captured.toString(StandardCharsets.UTF_8).contains("ERROR"), captured.toString(StandardCharsets.UTF_8));
        assertTrue(reason.contains("no Docker engine answers"), reason);
    }
}
