//DEPS redis.clients:jedis:8.0.2
package pipelining;

import java.net.URI;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/** An expected failure: one line for the user, saying what is wrong and how to fix it, and the exit code. */
final class Problem extends RuntimeException {

    final int exitCode;

    Problem(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** Input that is wrong in itself (a malformed URL, a bad option): exit code 2. */
    static Problem badInput(String message) {
        return new Problem(message, 2);
    }

    /** What a Jedis failure at {@code uri} means for the user, in one line; exit code 1. */
    static Problem from(JedisException e, URI uri) {
        String at = RedisUrl.redacted(uri);
        String why = rootMessage(e);
        Throwable root = rootCause(e);
        boolean tls = "rediss".equals(uri.getScheme());
        if (root instanceof CertPathBuilderException || root instanceof CertificateException) {
            return new Problem("Redis at " + at + " has a TLS certificate this JVM does not trust (" + why
                    + "). Tell Java to trust it: ./jbang -R-Djavax.net.ssl.trustStore=truststore.p12"
                    + " -R-Djavax.net.ssl.trustStorePassword=<password> <alias>", 1);
        }
        if (tls && (root instanceof SSLException || root instanceof java.net.SocketTimeoutException)) {
            return new Problem("Redis at " + at + " does not answer in TLS (" + why
                    + "). If it is a plain server, use redis:// instead of rediss://", 1);
        }
        if (!tls && e instanceof JedisConnectionException
                && (why.contains("end of stream") || why.contains("Connection reset"))) {
            return new Problem("Redis at " + at + " hung up at once (" + why
                    + "). If it expects TLS, use rediss:// instead of redis://", 1);
        }
        if (why.startsWith("NOPERM")) {
            return new Problem("Redis at " + at + " does not let this user run a command the tutorial needs ("
                    + why + "). Use a user that may, for example: ACL SETUSER <name> on ><password>"
                    + " ~" + Namespace.ROOT + "* +@read +@write +@transaction -@dangerous +ping +info", 1);
        }
        if (why.startsWith("NOAUTH")) {
            return new Problem("Redis at " + at + " needs a password."
                    + " Put it in REDIS_URL: redis://:password@host:port (or redis://user:password@host:port)", 1);
        }
        if (e instanceof JedisAccessControlException || why.startsWith("WRONGPASS")) {
            return new Problem("Redis at " + at + " refused the user name or password (" + why
                    + "). Put the right ones in REDIS_URL: redis://user:password@host:port", 1);
        }
        if (root instanceof java.net.UnknownHostException) {
            return new Problem("Cannot reach Redis at " + at + ": no host is known by the name " + uri.getHost()
                    + ". Check the host name in REDIS_URL, or unset REDIS_URL to let the tutorial start its own.", 1);
        }
        if (e instanceof JedisConnectionException) {
            return new Problem("Cannot reach Redis at " + at + " (" + why + "). Check that it is running and"
                    + " that REDIS_URL is right, or unset REDIS_URL to let the tutorial start its own.", 1);
        }
        if (e instanceof JedisDataException) {
            return new Problem("Redis at " + at + " answered with an error: " + why, 1);
        }
        return new Problem("Redis at " + at + " failed: " + why, 1);
    }

    /** The innermost cause's message, without a trailing period: what the line quotes. */
    static String rootMessage(Throwable e) {
        Throwable root = rootCause(e);
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName()
                : message.strip().replaceFirst("\\.$", "");
    }

    /** Whether the network failed under {@code e}: a socket's IOException somewhere in its causes, whichever client threw it. */
    static boolean fromTheNetwork(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /** Whether a client gave up waiting for a reply under {@code e}: each client names its own ...TimeoutException. */
    static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getClass().getSimpleName().endsWith("TimeoutException")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
