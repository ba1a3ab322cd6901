package pipelining;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sits between one client and a real Redis, passes the bytes on both ways, and keeps what the client sent: what went
 * over the wire, even commands the server refuses (which MONITOR does not show).
 */
final class RecordingRelay implements AutoCloseable {

    private final ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final CompletableFuture<Void> relaying;

    RecordingRelay(URI redis) throws IOException {
        relaying = CompletableFuture.runAsync(() -> {
            try (Socket client = listening.accept(); Socket server = new Socket(redis.getHost(), redis.getPort())) {
                CompletableFuture<Void> replies = CompletableFuture.runAsync(() -> copy(server, client, null));
                copy(client, server, sent);
                server.shutdownOutput();
                replies.join();
            } catch (IOException closed) {
                // close() stopped the relay before a client came
            }
        });
    }

    int port() {
        return listening.getLocalPort();
    }

    /** The commands the client sent, once it has hung up, each as its arguments: [CLIENT, SETINFO, LIB-NAME, jedis]. */
    List<List<String>> commandsSent() {
        relaying.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
        List<List<String>> commands = new ArrayList<>();
        String[] lines = sent.toString(StandardCharsets.UTF_8).split("\r\n");
        for (int i = 0; i < lines.length; i++) { // RESP: *<count>, then $<length> and the argument, for each
            List<String> arguments = new ArrayList<>();
            for (int count = Integer.parseInt(lines[i].substring(1)); arguments.size() < count; i += 2) {
                arguments.add(lines[i + 2]);
            }
            commands.add(arguments);
        }
        return commands;
    }

    private static void copy(Socket from, Socket to, ByteArrayOutputStream kept) {
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int read; (read = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, read);
                if (kept != null) {
                    synchronized (kept) {
                        kept.write(buffer, 0, read);
                    }
                }
            }
        } catch (IOException hungUp) {
            // either side closed: the relay is done
        }
    }

    @Override
    public void close() throws IOException {
        listening.close();
    }
}
