package pipelining;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * Jedis' socket, with its two streams counted into one node's {@link Wire.Counter}; every other call
 * goes to the socket itself. Counting starts with {@link #startCounting()}, once the connection has
 * said hello (HELLO, CLIENT SETINFO…): that is Jedis' business, not the section's.
 */
final class CountedSocket extends Socket {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private volatile boolean counting;
    /** Written since the last read: the next read waits for the server. One connection is used by one thread at a time. */
    private boolean sentSinceRead;

    CountedSocket(Socket socket, Wire wire, Wire.Counter counter) throws IOException {
        this.socket = socket;
        this.out = new FilterOutputStream(socket.getOutputStream()) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (wire.closed()) {
                    throw new SocketException("the run is ending: its client sends nothing more");
                }
                out.write(bytes, offset, length);
                if (counting) {
                    counter.writes.increment();
                    sentSinceRead = true;
                    wire.recordEvent(true, length);
                }
            }
        };
        this.in = new FilterInputStream(socket.getInputStream()) {
            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                if (sentSinceRead) {
                    counter.roundTrips.increment();
                    sentSinceRead = false;
                }
                int read = in.read(bytes, offset, length);
                if (read > 0 && counting) {
                    counter.bytesRead.add(read);
                    wire.recordEvent(false, read);
                }
                return read;
            }
        };
    }

    void startCounting() {
        counting = true;
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        socket.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return socket.getSoTimeout();
    }

    @Override
    public boolean isConnected() {
        return socket.isConnected();
    }

    @Override
    public boolean isBound() {
        return socket.isBound();
    }

    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public boolean isInputShutdown() {
        return socket.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return socket.isOutputShutdown();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return socket.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return socket.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        super.close();
    }
}
