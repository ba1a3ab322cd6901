package pipelining;

import java.net.URI;
import java.net.URISyntaxException;

/** REDIS_URL: checked up front, so a typo gets a line that names it instead of a stack trace. */
final class RedisUrl {

    private static final String HINT = ". Use redis://[[user]:password@]host[:port][/db] or rediss://... for TLS,"
            + " for example redis://localhost:6379/0";

    private RedisUrl() {
    }

    static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw Problem.badInput("REDIS_URL " + redacted(url) + " is not a URL (" + e.getReason() + ")" + HINT);
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw Problem.badInput("REDIS_URL " + redacted(url) + " must start with redis:// or rediss://" + HINT);
        }
        if (uri.getHost() == null) {
            throw Problem.badInput("REDIS_URL " + redacted(url) + " has no host, or a port that is not a number" + HINT);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.equals("/") && !path.matches("/\\d+")) {
            throw Problem.badInput("REDIS_URL " + redacted(url) + " names database '" + path.substring(1)
                    + "', which is not a number" + HINT);
        }
        // Jedis wants a port; the URL convention is that none means 6379
        return uri.getPort() != -1 ? uri : withHostAndPort(uri, uri.getHost(), 6379);
    }

    /** The same URL (user, password, database) for another host and port. */
    static URI withHostAndPort(URI uri, String host, int port) {
        try {
            return new URI(uri.getScheme(), uri.getRawUserInfo(), host, port, uri.getRawPath(), uri.getRawQuery(), null);
        } catch (URISyntaxException e) {
            throw Problem.badInput("REDIS_URL " + redacted(uri) + " is not a URL (" + e.getReason() + ")" + HINT);
        }
    }

    /** The URL with its password, if any, hidden: safe to print. */
    static String redacted(Object url) {
        return url.toString().replaceFirst("(://[^:/@]*:)[^@/]*@", "$1****@");
    }
}
