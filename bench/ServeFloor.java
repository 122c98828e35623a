import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The machine's floor for serve-load.sh: a one-thread NIO responder that answers every HTTP/1.1
 * request on a keep-alive connection with the same bytes, doing no work at all. Driven by
 * ServeLoad at the same rate as the label service, its percentiles are what the machine itself
 * (scheduler, loopback, the client) adds; what the service shows above them is the service's.
 *
 * <pre>
 * java bench/ServeFloor.java PORT BODY_BYTES
 * </pre>
 */
public final class ServeFloor {
  public static void main(String[] args) throws Exception {
    byte[] body = new byte[Integer.parseInt(args[1])];
    Arrays.fill(body, (byte) 'x');
    byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    ByteBuffer answer = ByteBuffer.allocateDirect(head.length + body.length).put(head).put(body).flip();
    Selector selector = Selector.open();
    ServerSocketChannel server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 1024);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    while (true) {
      selector.select();
      for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
        SelectionKey key = it.next();
        it.remove();
        if (key.isAcceptable()) {
          SocketChannel c = server.accept();
          if (c != null) {
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(16384));
          }
          continue;
        }
        SocketChannel c = (SocketChannel) key.channel();
        ByteBuffer in = (ByteBuffer) key.attachment();
        int n;
        try {
          n = c.read(in);
        } catch (java.io.IOException e) {
          n = -1;
        }
        if (n < 0 || !in.hasRemaining()) {
          key.cancel();
          c.close();
          continue;
        }
        byte[] b = in.array();
        for (int i = 3; i < in.position(); i++) {
          if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
            ByteBuffer out = answer.duplicate();
            while (out.hasRemaining()) {
              c.write(out);
            }
            in.clear();
            break;
          }
        }
      }
    }
  }
}
