//DEPS io.lettuce:lettuce-core:7.7.0.RELEASE
package pipelining;

import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.ByteBuffer;

/** Lettuce's hook for the run's namespace: UTF-8 strings, as {@link StringCodec#UTF8}, with every key under the prefix. */
record NamespacedCodec(String prefix) implements RedisCodec<String, String> {

    @Override
    public ByteBuffer encodeKey(String key) {
        return StringCodec.UTF8.encodeKey(prefix + key);
    }

    @Override
    public String decodeKey(ByteBuffer bytes) {
        return StringCodec.UTF8.decodeKey(bytes).substring(prefix.length());
    }

    @Override
    public ByteBuffer encodeValue(String value) {
        return StringCodec.UTF8.encodeValue(value);
    }

    @Override
    public String decodeValue(ByteBuffer bytes) {
        return StringCodec.UTF8.decodeValue(bytes);
    }
}
