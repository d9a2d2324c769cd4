package dev.policygraph.neo4jlocal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

/**
 * Starts Neo4j Community in-process with Bolt on 127.0.0.1, for machines without Docker.
 *
 * <p>Usage: {@code Launcher --port 7687 --data DIR --password-file FILE [--allowed-origin
 * http://localhost:4000]... [--pagecache 1g] [--watch-stdin]}. Authentication is on: the user
 * {@code neo4j} gets the password in FILE (read from the file so that it never shows in {@code ps}),
 * on every start. HTTP (Bolt over WebSocket) is refused unless its Origin is one of the
 * {@code --allowed-origin}s (see {@link BoltOriginGuard}); {@code LOAD CSV} may not read local
 * files. Prints {@code NEO4J_LOCAL_READY bolt://127.0.0.1:PORT} once a query has
 * succeeded; exits with code 2 and a line starting {@code NEO4J_LOCAL_ERROR} when it cannot start.
 * Never prints the password.
 */
public final class Launcher {
  private static final String READY = "NEO4J_LOCAL_READY";
  private static final String ERROR = "NEO4J_LOCAL_ERROR";

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      fail(e.getMessage());
      return;
    }
    Files.createDirectories(options.dataDir);

    // Our own lock, taken before Neo4j touches the store, so a second launcher on the same
    // directory gets a plain message instead of a store-lock stack trace.
    FileChannel lockChannel =
        FileChannel.open(
            options.dataDir.resolve("neo4j-local.lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      fail("data directory " + options.dataDir + " is already in use by another Neo4j process");
      return;
    }
    if (!portIsFree(options.port)) {
      fail("port " + options.port + " on 127.0.0.1 is already in use");
      return;
    }

    String password;
    try {
      password = Files.readString(options.passwordFile).strip();
    } catch (IOException e) {
      fail("cannot read the password file " + options.passwordFile + ": " + e.getMessage());
      return;
    }
    if (password.length() < 8) {
      fail("the password in " + options.passwordFile + " is shorter than 8 characters");
      return;
    }

    BoltOriginGuard.allow(options.allowedOrigins);
    long started = System.nanoTime();
    DatabaseManagementService service =
        new DatabaseManagementServiceBuilder(options.dataDir)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", options.port))
            .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", options.port))
            .setConfig(HttpConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            // No lock after failed logins. Neo4j locks a user for 5 s after 3 wrong passwords, and
            // each wrong one while locked renews it, even against the right password: anyone who
            // reaches the port could lock the app out for as long as they keep trying (every new
            // connection failed, 10 of 10, in test/integration/hostile-retract.int.test.ts). The
            // lock guards guessable passwords; ours is 24 random bytes (src/db/local-password.ts).
            .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
            // LOAD CSV FROM 'file:///…' would read any file this process can.
            .setConfig(GraphDatabaseSettings.allow_file_urls, false)
            // Transactions past their timeout are stopped within 100 ms (default: checked every
            // 2 s), so a slow query reaches the client as QUERY_TIMEOUT before its deadline.
            .setConfig(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(100))
            .setConfig(GraphDatabaseSettings.pagecache_memory, options.pageCacheBytes)
            // No server-wide transaction timeout: the API sets one per query, and loading a large
            // source is one long transaction by design.
            // The store is checkpointed before Bolt stops; Bolt's default 5 s waits only slow the exit.
            .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(500))
            .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(500))
            .build();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // SIGTERM and SIGINT land here: a clean shutdown flushes and checkpoints the store.
                  service.shutdown();
                  stopped.countDown();
                },
                "neo4j-local-shutdown"));

    // Fail closed: without the guard (say, after a Neo4j upgrade moved its hooks) Bolt stays shut.
    if (BoltOriginGuard.guardedConnectors() == 0) {
      fail("the Bolt origin guard was not installed (no Bolt connector found)");
      return;
    }
    try {
      setPassword(service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
    } catch (RuntimeException e) {
      fail("could not set the password of neo4j: " + e.getMessage());
      return;
    }
    BoltOriginGuard.open();
    GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    db.executeTransactionally("RETURN 1");
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.println(READY + " bolt://127.0.0.1:" + options.port + " startup_ms=" + millis);
    System.out.flush();

    if (options.watchStdin) {
      // When the parent process goes away its end of the pipe closes: stop with it.
      InputStream in = System.in;
      while (in.read() != -1) {
        // discard
      }
      System.exit(0);
    }
    stopped.await();
  }

  /**
   * Gives {@code neo4j} the password, with no change required, on every start: works on a new store
   * (default password, change required), on one made without authentication, and when the password
   * file was replaced. In-process queries run with full rights, so no old password is needed.
   */
  private static void setPassword(GraphDatabaseService system, String password) {
    boolean exists =
        system.executeTransactionally(
            "SHOW USERS YIELD user WHERE user = 'neo4j' RETURN count(*) AS n",
            Map.of(),
            result -> ((Number) result.next().get("n")).longValue() > 0);
    if (!exists) {
      system.executeTransactionally(
          "CREATE USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
      return;
    }
    try {
      system.executeTransactionally(
          "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
    } catch (QueryExecutionException e) {
      // Neo4j refuses to "change" a password to the one it already has: then only the flag is left.
      if (!e.getMessage().contains("cannot be the same")) throw e;
      system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
    }
  }

  private static boolean portIsFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void fail(String message) {
    System.out.println(ERROR + " " + message);
    System.out.flush();
    System.exit(2);
  }

  private record Options(
      int port,
      Path dataDir,
      Path passwordFile,
      Set<String> allowedOrigins,
      long pageCacheBytes,
      boolean watchStdin) {
    static Options parse(String[] args) {
      int port = 7687;
      Path dataDir = null;
      Path passwordFile = null;
      Set<String> allowedOrigins = new LinkedHashSet<>();
      long pageCache = ByteUnit.mebiBytes(512);
      boolean watchStdin = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--port" -> port = Integer.parseInt(value(args, ++i));
          case "--data" -> dataDir = Path.of(value(args, ++i)).toAbsolutePath();
          case "--password-file" -> passwordFile = Path.of(value(args, ++i)).toAbsolutePath();
          case "--allowed-origin" -> allowedOrigins.add(value(args, ++i));
          case "--pagecache" -> pageCache = ByteUnit.parse(value(args, ++i));
          case "--watch-stdin" -> watchStdin = true;
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (dataDir == null) {
        throw new IllegalArgumentException("--data DIR is required");
      }
      if (passwordFile == null) {
        throw new IllegalArgumentException("--password-file FILE is required");
      }
      return new Options(port, dataDir, passwordFile, allowedOrigins, pageCache, watchStdin);
    }

    private static String value(String[] args, int i) {
      if (i >= args.length) {
        throw new IllegalArgumentException(args[i - 1] + " needs a value");
      }
      return args[i];
    }
  }
}
