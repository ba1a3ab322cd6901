//DEPS org.redisson:redisson:4.7.0
package pipelining;

import org.redisson.config.NameMapper;

/** Redisson's hook for the run's namespace: every object's name, that is its key, under the prefix. */
record NamespacedNames(String prefix) implements NameMapper {

    @Override
    public String map(String name) {
        return prefix + name;
    }

    @Override
    public String unmap(String name) {
        return name.substring(prefix.length());
    }
}
