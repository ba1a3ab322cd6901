//DEPS redis.clients:jedis:8.0.2
package pipelining;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Every command the server runs while it is open, in the order it runs them, as Redis' MONITOR reports them:
 * what went over the wire. For the tests, and for the exercises' checker on the private server it started.
 */
final class ServerMonitor implements AutoCloseable {

    private final URI server;
    private final Jedis connection;
    private final Queue<String> lines = new ConcurrentLinkedQueue<>();
    private final Thread reader;

    ServerMonitor(URI server) throws InterruptedException {
        this(server, command -> { });
    }

    /** {@code onCommand} sees each command as it arrives, on the thread that reads them. */
    ServerMonitor(URI server, Consumer<Command> onCommand) throws InterruptedException {
        this.server = server;
        connection = new Jedis(server);
        CountDownLatch started = new CountDownLatch(1);
        reader = new Thread(() -> {
            try {
                connection.monitor(new JedisMonitor() {
                    @Override
                    public void onCommand(String line) {
                        started.countDown();
                        lines.add(line);
                        Command command = parse(line);
                        if (command != null) {
                            onCommand.accept(command);
                        }
                    }
                });
            } catch (JedisConnectionException closed) {
                // close() hung up
            }
        }, "monitor");
        reader.setDaemon(true);
        reader.start();
        // MONITOR starts with an OK, then a line per command: a PING on another connection proves it is on
        try (Jedis ping = new Jedis(server)) {
            while (!started.await(20, TimeUnit.MILLISECONDS)) {
                ping.ping();
            }
        }
    }

    /** A command as MONITOR reports it: when the server ran it (its clock, in seconds), for whom, and its arguments. */
    record Command(double seconds, String client, List<String> arguments) {
    }

    /**
     * The commands the server ran so far, each as its arguments: [SET, key, value]. MONITOR's lines may lag behind
     * on a busy machine, so it first sends a marker on a connection of its own and waits (up to 10 s) to see it.
     */
    List<List<String>> commands() {
        return timed().stream().map(Command::arguments).toList();
    }

    /** The same, with when and for whom: a client's address, or "lua" for a command a script ran. */
    List<Command> timed() {
        String marker = "server-monitor-caught-up-" + System.nanoTime();
        try (Jedis echo = new Jedis(server)) {
            echo.echo(marker);
        }
        Wait.until(Duration.ofSeconds(10), () -> lines.stream().anyMatch(line -> line.contains(marker)));
        List<Command> commands = new ArrayList<>();
        for (String line : lines) {
            if (line.contains(marker)) {
                break;
            }
            Command command = parse(line);
            if (command != null) {
                commands.add(command);
            }
        }
        return commands;
    }

    /** One of MONITOR's lines, {@code 1733369600.123456 [0 127.0.0.1:50542] "SET" "a" "1"}, or null for its OK. */
    private static Command parse(String line) {
        int open = line.indexOf(" [");
        int start = line.indexOf("] ");
        if (open <= 0 || start <= open) {
            return null;
        }
        String[] dbAndClient = line.substring(open + 2, start).split(" ", 2);
        return new Command(Double.parseDouble(line.substring(0, open)), dbAndClient.length > 1 ? dbAndClient[1] : "",
                arguments(line.substring(start + 2)));
    }

    /** MONITOR quotes each argument and escapes \" \\ \n \r \t and \xNN inside it. */
    static List<String> arguments(String quoted) {
        List<String> arguments = new ArrayList<>();
        StringBuilder current = null;
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (current == null) {
                if (c == '"') {
                    current = new StringBuilder();
                }
            } else if (c == '\\') {
                char next = quoted.charAt(++i);
                switch (next) {
                    case 'n' -> current.append('\n');
                    case 'r' -> current.append('\r');
                    case 't' -> current.append('\t');
                    case 'x' -> {
                        current.append((char) Integer.parseInt(quoted.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                    default -> current.append(next);
                }
            } else if (c == '"') {
                arguments.add(current.toString());
                current = null;
            } else {
                current.append(c);
            }
        }
        return arguments;
    }

    @Override
    public void close() {
        connection.getConnection().disconnect();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
