//DEPS io.lettuce:lettuce-core:7.7.0.RELEASE
//DEPS io.netty:netty-transport
package pipelining;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;

/** Lettuce's resources (Spring on Lettuce takes them too), with the tutorial's counter on every channel they open. */
final class CountedResources {

    private CountedResources() {
    }

    static ClientResources on(Wire wire) {
        // tag::hook[]
        // Lettuce's hook for each channel it opens
        return ClientResources.builder().nettyCustomizer(new NettyCustomizer() {
            @Override
            public void afterChannelInitialized(Channel channel) {
                NettyWire.count(channel, wire); // the tutorial's counter, next to the socket
            }
        }).build();
        // end::hook[]
    }
}
