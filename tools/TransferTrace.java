//DEPS redis.clients:jedis:8.0.2
package pipelining;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.exceptions.JedisException;

/**
 * How the checker judges safe_transfer without luck. The race in the untouched exercise loses updates only now
 * and then, and transfers in both directions can cancel out, so final balances prove nothing. Instead, once the
 * exercise has set both balances, the checker pauses every write on its private server for a moment
 * ({@code CLIENT PAUSE … WRITE}): reads go on, so every client reads the same balances and then waits to write.
 * Then it reads the order in which the server ran the commands (MONITOR) and checks that each write moved a balance
 * by exactly the amount of one transfer, and that every transfer was written. Code that writes what it read
 * earlier overwrites another client's write after the pause, every time; a transaction whose EXEC fails and is not
 * retried leaves a transfer unwritten, every time.
 */
final class TransferTrace implements AutoCloseable {

    /** The exercise's eight clients, 50 transfers each, 1 each: ExercisesTest keeps these in step with the exercise. */
    static final int CLIENTS = 8;
    static final int TRANSFERS_EACH = 50;
    static final int AMOUNT = 1;
    static final List<String> BALANCES = List.of("alice", "bob");
    /** Long enough for the clients to read and queue up behind the pause, even on a busy machine. */
    static final Duration PAUSE = Duration.ofMillis(500);
    private static final Set<String> WRITES = Set.of("SET", "MSET", "INCR", "DECR", "INCRBY", "DECRBY");

    private final String marker = "check-paused-writes-" + System.nanoTime();
    private final ServerMonitor monitor;
    private final Jedis pauser;
    private volatile String pauseFailed;

    /**
     * Starts watching {@code server}, a private one: MONITOR and CLIENT PAUSE are not for a shared server. It must be
     * a Redis from 6.2 (the first with CLIENT PAUSE … WRITE) to 7.0: from 7.2 on, MONITOR leaves out a command that
     * waited behind a pause, which are the very writes the check must see.
     */
    TransferTrace(URI server) throws InterruptedException {
        pauser = new Jedis(server);
        String version = Session.versionIn(pauser.info("server"));
        if (!supports(version)) {
            pauser.close();
            throw new Problem("The safe_transfer check needs a Redis from 6.2 to 7.0 for its private server, and this one"
                    + " is " + version + ". Put such a redis-server first on PATH, or none, so that the check starts the"
                    + " embedded one (6.2).", 1);
        }
        Set<String> set = new HashSet<>(); // the balances written so far; only the monitor's thread touches it
        AtomicBoolean paused = new AtomicBoolean();
        monitor = new ServerMonitor(server, command -> {
            writes(command.arguments()).forEach(write -> set.add(write.balance));
            if (set.size() == BALANCES.size() && paused.compareAndSet(false, true)) {
                try {
                    pauser.clientPause(PAUSE.toMillis(), ClientPauseMode.WRITE);
                    pauser.echo(marker); // runs once the pause is on: MONITOR shows where
                } catch (JedisException e) {
                    pauseFailed = Problem.rootMessage(e);
                }
            }
        });
    }

    /** Whether a Redis of this version pauses writes and shows what waited behind the pause: 6.2 to 7.0. */
    static boolean supports(String version) {
        Matcher numbers = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(version);
        if (!numbers.find()) {
            return false;
        }
        int release = Integer.parseInt(numbers.group(1)) * 100 + Integer.parseInt(numbers.group(2));
        return release >= 602 && release < 702;
    }

    /** Which balance a key is, or null; the run's keys are {@code pipelining-tutorial:<run id>:alice}. */
    private static String balanceOf(String key) {
        return !key.startsWith(Namespace.ROOT) ? null
                : BALANCES.stream().filter(name -> key.endsWith(":" + name)).findFirst().orElse(null);
    }

    /** What the server's order of commands shows to be wrong, or null if nothing; {@link #NOT_FORCED} if it proves nothing. */
    String problem() {
        if (pauseFailed != null) {
            throw new Problem("The check could not pause writes on its Redis: " + pauseFailed, 1);
        }
        return problem(monitor.timed(), marker);
    }

    /**
     * Said when the pause came too late, or too few clients read a balance during it. With three readers of one
     * balance during the pause, two of them move money the same way, and the writes they queued run one after the
     * other when it ends: the second repeats the first's value, which no transfer does.
     */
    static final String NOT_FORCED = "the check could not make the transfers meet this time, so it proves nothing either"
            + " way: run it again. If it says this every time, your transfers never overlap (a lock in Java?): safe in"
            + " this program, but not against another client, which WATCH and MULTI/EXEC are";
    static final int READERS_WHILE_PAUSED = 3;

    static String problem(List<ServerMonitor.Command> commands, String marker) {
        Map<String, Long> value = new HashMap<>();
        Map<String, Integer> writes = new HashMap<>();
        Map<String, Integer> readsWhilePaused = new HashMap<>();
        boolean pauseSeen = false; // the marker: from here on, writes wait and reads see the opening balances
        boolean writtenSincePause = false;
        boolean readBeforePause = false;
        String lost = null;
        int lastWrite = -1;
        for (int i = 0; i < commands.size(); i++) {
            lastWrite = writes(commands.get(i).arguments()).isEmpty() ? lastWrite : i;
        }
        double pauseEnds = Double.MAX_VALUE;
        boolean transfersRead = false; // a balance read between the opening balances and the last write
        for (int i = 0; i < commands.size(); i++) {
            List<String> command = commands.get(i).arguments();
            String name = command.get(0).toUpperCase(Locale.ROOT);
            if (name.equals("ECHO") && command.size() > 1 && command.get(1).equals(marker)) {
                pauseSeen = true;
                pauseEnds = commands.get(i).seconds() + PAUSE.toMillis() / 1000.0;
            }
            // a script's reads run with its writes, nothing between them: they cannot go stale
            boolean read = !WRITES.contains(name) && !List.of("WATCH", "EVAL", "EVALSHA", "FCALL").contains(name)
                    && !commands.get(i).client().equals("lua");
            if (read && value.size() == BALANCES.size() && i < lastWrite) {
                for (String balance : command.subList(1, command.size()).stream().map(TransferTrace::balanceOf)
                        .filter(Objects::nonNull).toList()) {
                    transfersRead = true;
                    readBeforePause |= !pauseSeen;
                    if (pauseSeen && !writtenSincePause && commands.get(i).seconds() < pauseEnds) {
                        readsWhilePaused.merge(balance, 1, Integer::sum);
                    }
                }
            }
            for (Write write : writes(command)) {
                writtenSincePause |= pauseSeen;
                Long before = value.get(write.balance);
                long after = write.set != null ? write.set : (before == null ? 0 : before) + write.by;
                value.put(write.balance, after);
                if (before == null) {
                    continue; // the exercise's opening balance
                }
                writes.merge(write.balance, 1, Integer::sum);
                if (Math.abs(after - before) != AMOUNT && lost == null) {
                    lost = after == before ? "one write set " + write.balance + " to " + after + ", which it already was"
                            : "one write took " + write.balance + " from " + before + " to " + after;
                }
            }
        }
        int expected = CLIENTS * TRANSFERS_EACH; // each transfer writes both balances once
        int fewest = BALANCES.stream().mapToInt(balance -> writes.getOrDefault(balance, 0)).min().orElse(0);
        int most = BALANCES.stream().mapToInt(balance -> writes.getOrDefault(balance, 0)).max().orElse(0);
        if (lost != null) {
            return "a transfer was lost: " + lost + " (a transfer moves it by " + AMOUNT
                    + "). A client wrote a balance it had read before another client changed it";
        }
        if (fewest < expected) {
            return "only " + fewest + " of the " + expected + " transfers reached the balances: when EXEC returns null"
                    + " (a watched balance changed), the transfer must be tried again, from the WATCH";
        }
        if (most > expected) {
            return most + " writes to one balance for " + expected + " transfers: a transfer was written twice";
        }
        if (transfersRead && (readBeforePause
                || readsWhilePaused.values().stream().noneMatch(reads -> reads >= READERS_WHILE_PAUSED))) {
            return NOT_FORCED;
        }
        return null;
    }

    /** A write to a balance: to a value ({@code set}), or by an amount. */
    private record Write(String balance, Long set, long by) {
    }

    /** The balances a command writes: SET and MSET to a value, INCR, DECR, INCRBY and DECRBY by an amount. */
    private static List<Write> writes(List<String> command) {
        String name = command.get(0).toUpperCase(Locale.ROOT);
        List<Write> writes = new ArrayList<>();
        for (int i = 1; i < command.size() && WRITES.contains(name); i += name.equals("MSET") ? 2 : command.size()) {
            String balance = balanceOf(command.get(i));
            if (balance == null) {
                continue;
            }
            if (name.endsWith("SET")) {
                if (i + 1 < command.size()) {
                    writes.add(new Write(balance, parse(command.get(i + 1)), 0));
                }
            } else {
                long by = name.endsWith("BY") && i + 1 < command.size() ? parse(command.get(i + 1)) : 1;
                writes.add(new Write(balance, null, name.startsWith("DECR") ? -by : by));
            }
        }
        return writes;
    }

    private static long parse(String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE / 2; // not a balance: any next write is then off by more than one transfer
        }
    }

    @Override
    public void close() {
        monitor.close();
        pauser.close();
    }
}
