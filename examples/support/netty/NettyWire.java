//DEPS io.netty:netty-bom:4.2.21.Final@pom
//DEPS io.netty:netty-transport
//DEPS redis.clients:jedis:8.0.2
package pipelining;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketException;
import redis.clients.jedis.HostAndPort;

/**
 * The {@link Wire} counter of a client built on Netty (Lettuce, Redisson, Spring on Lettuce), added next to the socket
 * of each channel by the client's own hook. The counts mean what {@link CountedSocket}'s do for Jedis: a write is the
 * client handing the socket what it has queued (a Netty flush; the system may send it in several packets), and a round
 * trip is a read that follows a write: the server answering what the client sent.
 */
final class NettyWire extends ChannelDuplexHandler {

    private final Wire wire;
    private Wire.Counter counter;
    /** Bytes written since the last flush, and whether anything went out since the last read; one event loop runs both. */
    private int pending;
    private boolean sentSinceRead;

    private NettyWire(Wire wire) {
        this.wire = wire;
    }

    /** Counts {@code channel}'s traffic into {@code wire}: call it from the client's hook for a new channel. */
    static void count(Channel channel, Wire wire) {
        channel.pipeline().addFirst("tutorial-wire", new NettyWire(wire)); // first: nearest the socket
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        InetSocketAddress server = (InetSocketAddress) context.channel().remoteAddress();
        counter = wire.of(new HostAndPort(server.getHostString(), server.getPort()));
        super.channelActive(context);
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
        if (wire.closed()) { // as at Jedis' socket: once the run is ending, nothing more goes out
            ReferenceCountUtil.release(message);
            promise.setFailure(new SocketException("the run is ending: its client sends nothing more"));
            return;
        }
        if (message instanceof ByteBuf bytes) {
            pending += bytes.readableBytes();
        }
        context.write(message, promise);
    }

    @Override
    public void flush(ChannelHandlerContext context) {
        if (pending > 0) {
            counter.writes.increment();
            wire.recordEvent(true, pending);
            pending = 0;
            sentSinceRead = true;
        }
        context.flush();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof ByteBuf bytes) {
            if (sentSinceRead) {
                counter.roundTrips.increment();
                sentSinceRead = false;
            }
            counter.bytesRead.add(bytes.readableBytes());
            wire.recordEvent(false, bytes.readableBytes());
        }
        context.fireChannelRead(message);
    }
}
