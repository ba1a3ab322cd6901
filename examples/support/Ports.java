package pipelining;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Ports on this machine: free ones to start a server on, and whether something listens. */
final class Ports {

    private Ports() {
    }

    /** Ports of 127.0.0.1 free at the same time, so they differ from each other. */
    static List<Integer> free(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new Problem("No free TCP port on 127.0.0.1: " + e.getMessage(), 1);
        } finally {
            held.forEach(socket -> {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // it was only held to keep the port
                }
            });
        }
    }

    static int free() {
        return free(1).get(0);
    }

    /** Whether something accepts connections on this port of {@code host}. */
    static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean listening(int port) {
        return listening("127.0.0.1", port);
    }
}
