package dev.policygraph.neo4jlocal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.neo4j.bolt.BoltServer;
import org.neo4j.bolt.protocol.common.connector.Connector;
import org.neo4j.bolt.protocol.common.connector.connection.Connection;
import org.neo4j.bolt.protocol.common.connector.connection.listener.ConnectionListener;
import org.neo4j.bolt.protocol.common.connector.listener.ConnectorListener;
import org.neo4j.kernel.extension.ExtensionFactory;
import org.neo4j.kernel.extension.ExtensionType;
import org.neo4j.kernel.extension.context.ExtensionContext;
import org.neo4j.kernel.lifecycle.Lifecycle;
import org.neo4j.kernel.lifecycle.LifecycleAdapter;

/**
 * Refuses browser connections to the Bolt port. Neo4j 5.26 has no setting for this: its
 * TransportSelectionHandler switches any connection whose first bytes are {@code GET} to WebSocket
 * (netty's WebSocketServerProtocolHandler, no Origin check), so a page in a local browser could
 * speak Bolt. This global extension puts a handler in front of it on every Bolt connection: the
 * Bolt preamble passes untouched, HTTP passes only with an allowed {@code Origin}, anything else
 * gets {@code 403}. It is registered before the connectors start (extensions start before the Bolt
 * server), and refuses every connection until the launcher has set the password.
 */
public final class BoltOriginGuard extends ExtensionFactory<BoltOriginGuard.Dependencies> {
  private static volatile Set<String> allowedOrigins = Set.of();
  private static volatile boolean open;
  private static volatile int guardedConnectors;

  public interface Dependencies {
    BoltServer boltServer();
  }

  public BoltOriginGuard() {
    super(ExtensionType.GLOBAL, "policygraph-bolt-origin-guard");
  }

  static void allow(Set<String> origins) {
    allowedOrigins = Set.copyOf(origins);
  }

  /** Lets connections in; until then every connection is closed at once. */
  static void open() {
    open = true;
  }

  static int guardedConnectors() {
    return guardedConnectors;
  }

  @Override
  public Lifecycle newInstance(ExtensionContext context, Dependencies dependencies) {
    return new LifecycleAdapter() {
      @Override
      public void start() {
        ConnectionListener guard =
            new ConnectionListener() {
              @Override
              public void onNetworkPipelineInitialized(ChannelPipeline pipeline) {
                if (!open) pipeline.channel().close();
                else pipeline.addFirst("policygraph-origin-guard", new Handler(allowedOrigins));
              }
            };
        ConnectorListener onEachConnection =
            new ConnectorListener() {
              @Override
              public void onConnectionCreated(Connection connection) {
                connection.registerListener(guard);
              }
            };
        List<Connector> connectors = dependencies.boltServer().getConnectors();
        for (Connector connector : connectors) connector.registerListener(onEachConnection);
        guardedConnectors = connectors.size();
      }
    };
  }

  private static final class Handler extends ByteToMessageDecoder {
    private static final int MAX_HEADER_BYTES = 8192;
    private final Set<String> allowed;
    private boolean refused;

    Handler(Set<String> allowed) {
      this.allowed = allowed;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      if (refused) {
        in.skipBytes(in.readableBytes());
        return;
      }
      // Neo4j's TransportSelectionHandler takes any connection that starts with "GET" for a
      // WebSocket, whatever follows: compare the same three bytes.
      if (in.readableBytes() < 3) return;
      if (!in.toString(in.readerIndex(), 3, StandardCharsets.US_ASCII).equals("GET")) {
        // Not HTTP (the Bolt preamble, or garbage Neo4j itself rejects): step aside; the bytes
        // read so far go on to Neo4j's handlers.
        ctx.pipeline().remove(this);
        return;
      }
      String head =
          in.toString(
              in.readerIndex(), Math.min(in.readableBytes(), MAX_HEADER_BYTES), StandardCharsets.ISO_8859_1);
      int end = head.indexOf("\r\n\r\n");
      if (end < 0) {
        if (in.readableBytes() >= MAX_HEADER_BYTES) refuse(ctx, in);
        return;
      }
      if (allowed.contains(origin(head.substring(0, end)))) ctx.pipeline().remove(this);
      else refuse(ctx, in);
    }

    /** The one Origin header's value; "" when there is none or more than one. */
    private static String origin(String head) {
      String found = null;
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("origin")) {
          if (found != null) return "";
          found = line.substring(colon + 1).trim();
        }
      }
      return found == null ? "" : found;
    }

    private void refuse(ChannelHandlerContext ctx, ByteBuf in) {
      refused = true;
      in.skipBytes(in.readableBytes());
      String body = "This Bolt port accepts no browser connections from this origin.\n";
      String response =
          "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: "
              + body.length()
              + "\r\nConnection: close\r\n\r\n"
              + body;
      ctx.writeAndFlush(Unpooled.copiedBuffer(response, StandardCharsets.US_ASCII))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }
}
