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
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Starts Neo4j Community in-process with Bolt on 127.0.0.1, for machines without Docker.
 *
 * <p>Usage: {@code Launcher --port 7687 --data DIR [--pagecache 1g] [--watch-stdin]}. Prints
 * {@code NEO4J_LOCAL_READY bolt://127.0.0.1:PORT} once a query has succeeded; exits with code 2 and
 * a line starting {@code NEO4J_LOCAL_ERROR} when it cannot start.
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

    long started = System.nanoTime();
    DatabaseManagementService service =
        new DatabaseManagementServiceBuilder(options.dataDir)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", options.port))
            .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", options.port))
            .setConfig(HttpConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, false)
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

  private record Options(int port, Path dataDir, long pageCacheBytes, boolean watchStdin) {
    static Options parse(String[] args) {
      int port = 7687;
      Path dataDir = null;
      long pageCache = ByteUnit.mebiBytes(512);
      boolean watchStdin = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--port" -> port = Integer.parseInt(value(args, ++i));
          case "--data" -> dataDir = Path.of(value(args, ++i)).toAbsolutePath();
          case "--pagecache" -> pageCache = ByteUnit.parse(value(args, ++i));
          case "--watch-stdin" -> watchStdin = true;
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (dataDir == null) {
        throw new IllegalArgumentException("--data DIR is required");
      }
      return new Options(port, dataDir, pageCache, watchStdin);
    }

    private static String value(String[] args, int i) {
      if (i >= args.length) {
        throw new IllegalArgumentException(args[i - 1] + " needs a value");
      }
      return args[i];
    }
  }
}
