//DEPS org.springframework.data:spring-data-redis:4.1.2
package pipelining;

import org.springframework.data.redis.serializer.RedisSerializer;

/** Spring's hook for the run's namespace, as a template's key serializer: UTF-8 strings, under the prefix. */
record NamespacedKeys(String prefix) implements RedisSerializer<String> {

    @Override
    public byte[] serialize(String key) {
        return RedisSerializer.string().serialize(prefix + key);
    }

    @Override
    public String deserialize(byte[] bytes) {
        return bytes == null ? null : RedisSerializer.string().deserialize(bytes).substring(prefix.length());
    }
}
