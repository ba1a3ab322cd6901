//DEPS org.slf4j:slf4j-api:2.0.20
//DEPS org.slf4j:slf4j-jdk14:2.0.20
package pipelining;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The libraries' own log (Jedis logs through SLF4J, here to java.util.logging): warnings and errors
 * only, one line each on stderr. So an error Jedis logs and then swallows, such as a cluster node's
 * connection lost while a pipeline syncs, reaches the user, and a normal run stays quiet.
 */
final class LibraryLog {

    private static final Logger ROOT = Logger.getLogger("");

    private LibraryLog() {
    }

    static synchronized void warningsAsOneLine() {
        for (Handler handler : ROOT.getHandlers()) {
            ROOT.removeHandler(handler);
        }
        Handler stderr = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (isLoggable(record)) {
                    System.err.println(getFormatter().format(record)); // System.err as it is now, not at start-up
                }
            }

            @Override
            public void flush() {
                System.err.flush();
            }

            @Override
            public void close() {
            }
        };
        stderr.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                String library = record.getLoggerName().startsWith("redis.clients.") ? "jedis" : record.getLoggerName();
                Throwable thrown = record.getThrown();
                return "[" + library + "] " + formatMessage(record)
                        + (thrown == null ? "" : " (" + Problem.rootMessage(thrown) + ")");
            }
        });
        ROOT.addHandler(stderr);
        ROOT.setLevel(Level.WARNING);
    }
}
