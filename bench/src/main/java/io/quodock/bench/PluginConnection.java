package io.quodock.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One keep-alive connection to a plugin socket, speaking byte for byte as dockerd does (protocol
 * reference, section 1): {@code POST}, an empty {@code Host:}, Go's User-Agent, Content-Length, the
 * v1.2 Accept header, no Content-Type, a JSON body ending in a newline. Responses are read into one
 * reused buffer and only checked, not parsed into objects, so the client costs little of what it times.
 */
final class PluginConnection implements AutoCloseable {
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
    private static final byte[] ERR_FIELD = "\"Err\":\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * What came back.
     *
     * @param status     the HTTP status
     * @param bodyLength bytes of the body
     * @param ok         HTTP 200 with an empty {@code Err} (Activate, which has no Err, is ok on 200)
     */
    record Answer(int status, int bodyLength, boolean ok) {
    }

    private final SocketChannel channel;
    private ByteBuffer in = ByteBuffer.allocate(64 * 1024);

    PluginConnection(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
    }

    /** The request dockerd sends for {@code endpoint} with {@code json} (empty for Activate). */
    static byte[] request(String endpoint, String json) {
        byte[] body = json.isEmpty() ? new byte[0] : (json + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "POST /" + endpoint + " HTTP/1.1\r\n"
                + "Host: \r\n"
                + "User-Agent: Go-http-client/1.1\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Accept: application/vnd.docker.plugins.v1.2+json\r\n"
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /** Sends {@code request} and reads its answer. */
    Answer call(byte[] request) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(request);
        while (out.hasRemaining()) {
            channel.write(out);
        }
        return read();
    }

    private Answer read() throws IOException {
        int headEnd;
        while ((headEnd = indexOf(in.array(), 0, in.position(), HEAD_END)) < 0) {
            fill();
        }
        byte[] data = in.array();
        String head = new String(data, 0, headEnd, StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(head.substring(9, 12));
        int length = contentLength(head);
        int bodyStart = headEnd + HEAD_END.length;
        int total = bodyStart + length;
        if (total > in.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(total, in.capacity() * 2));
            in.flip();
            bigger.put(in);
            in = bigger;
        }
        while (in.position() < total) {
            fill();
        }
        data = in.array();
        boolean ok = status == 200 && errIsEmpty(data, bodyStart, total);
        // Keep whatever follows this response (nothing, for a client that waits for each answer).
        in.flip().position(total);
        in.compact();
        return new Answer(status, length, ok);
    }

    private static int contentLength(String head) throws IOException {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        throw new IOException("response has no Content-Length, which the benchmark relies on:\n" + head);
    }

    /** True when the body's last {@code "Err":"} is followed by the closing quote, or it has no Err at all. */
    private static boolean errIsEmpty(byte[] data, int from, int to) {
        for (int i = to - ERR_FIELD.length; i >= from; i--) {
            if (startsWith(data, i, ERR_FIELD)) {
                int value = i + ERR_FIELD.length;
                return value < to && data[value] == '"';
            }
        }
        return true;
    }

    private void fill() throws IOException {
        if (!in.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
            in.flip();
            bigger.put(in);
            in = bigger;
        }
        if (channel.read(in) < 0) {
            throw new IOException("the daemon closed the connection before a complete response");
        }
    }

    private static int indexOf(byte[] data, int from, int to, byte[] needle) {
        for (int i = from; i + needle.length <= to; i++) {
            if (startsWith(data, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] data, int at, byte[] prefix) {
        for (int j = 0; j < prefix.length; j++) {
            if (data[at + j] != prefix[j]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
