package io.quodock.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Talks to a plugin socket byte for byte as dockerd 20.10 does (protocol reference, section 1):
 * {@code POST}, an empty {@code Host:}, no Content-Type, a body ending in a newline, one keep-alive
 * connection. Jetty's client and curl both send a Host value and would hide the empty-Host trap.
 *
 * <p>Every call has a deadline: a daemon that stops answering fails the test with a
 * {@link SocketTimeoutException} instead of hanging it.
 */
public final class PluginClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** One HTTP response. */
    public record Response(int status, Map<String, String> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("response body is not JSON: " + body, e);
            }
        }

        /** The {@code Err} field, empty when absent. */
        public String err() {
            return json().path("Err").asText("");
        }
    }

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final Duration timeout;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private long deadline;

    public PluginClient(Path socket) throws IOException {
        this(socket, DEFAULT_TIMEOUT);
    }

    /** A client whose every call, sending and answer, must finish within {@code timeout}. */
    public PluginClient(Path socket, Duration timeout) throws IOException {
        this(connect(socket), timeout);
    }

    /** Over TCP, for plugins announced by a {@code .spec} file. */
    public PluginClient(java.net.InetSocketAddress address) throws IOException {
        this(SocketChannel.open(address), DEFAULT_TIMEOUT);
    }

    private PluginClient(SocketChannel channel, Duration timeout) throws IOException {
        this.channel = channel;
        this.timeout = timeout;
        channel.configureBlocking(false);
        selector = Selector.open();
        key = channel.register(selector, 0);
    }

    private static SocketChannel connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    /** {@code POST /<endpoint>} with {@code body} plus the trailing newline Go's JSON encoder writes. */
    public Response call(String endpoint, String body) throws IOException {
        return post(endpoint, body.isEmpty() ? "" : body + "\n");
    }

    /** {@code POST /<endpoint>} with exactly {@code body} (empty for Activate and for dockerd's retries). */
    public Response post(String endpoint, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST /" + endpoint + " HTTP/1.1\r\n"
                + "Host: \r\n"
                + "User-Agent: Go-http-client/1.1\r\n"
                + "Content-Length: " + content.length + "\r\n"
                + "Accept: application/vnd.docker.plugins.v1.2+json\r\n"
                + "\r\n";
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(content);
        return raw(request.toByteArray());
    }

    /** Sends {@code request} as it is and reads one response. */
    public Response raw(byte[] request) throws IOException {
        send(request);
        return readResponse();
    }

    /** Sends {@code bytes} and reads nothing: the start of a request that is never finished, say. */
    public void send(byte[] bytes) throws IOException {
        deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                await(SelectionKey.OP_WRITE);
            }
        }
    }

    private Response readResponse() throws IOException {
        String head = readHead();
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = readExactly(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = readChunked();
        } else {
            body = readToEnd();
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private String readHead() throws IOException {
        while (true) {
            byte[] data = pending.toByteArray();
            for (int i = 0; i + 3 < data.length; i++) {
                if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n') {
                    keep(data, i + 4);
                    return new String(data, 0, i, StandardCharsets.ISO_8859_1);
                }
            }
            if (!fill()) {
                throw new IOException("connection closed before a complete response head");
            }
        }
    }

    private byte[] readExactly(int length) throws IOException {
        while (pending.size() < length) {
            if (!fill()) {
                throw new IOException("connection closed after " + pending.size() + " of " + length + " body bytes");
            }
        }
        byte[] data = pending.toByteArray();
        keep(data, length);
        return java.util.Arrays.copyOf(data, length);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(readLine().trim(), 16);
            if (size == 0) {
                readLine();
                return body.toByteArray();
            }
            body.writeBytes(readExactly(size));
            readLine();
        }
    }

    private String readLine() throws IOException {
        while (true) {
            byte[] data = pending.toByteArray();
            for (int i = 0; i + 1 < data.length; i++) {
                if (data[i] == '\r' && data[i + 1] == '\n') {
                    keep(data, i + 2);
                    return new String(data, 0, i, StandardCharsets.US_ASCII);
                }
            }
            if (!fill()) {
                throw new IOException("connection closed inside a chunked body");
            }
        }
    }

    private byte[] readToEnd() throws IOException {
        while (fill()) {
            // read until the server closes
        }
        byte[] data = pending.toByteArray();
        pending.reset();
        return data;
    }

    private boolean fill() throws IOException {
        ByteBuffer in = ByteBuffer.allocate(8192);
        int read;
        while ((read = channel.read(in)) == 0) {
            await(SelectionKey.OP_READ);
        }
        if (read < 0) {
            return false;
        }
        pending.write(in.array(), 0, read);
        return true;
    }

    private void await(int operation) throws IOException {
        long left = deadline - System.nanoTime();
        key.interestOps(operation);
        if (left <= 0 || selector.select(Math.max(1, left / 1_000_000)) == 0 && System.nanoTime() >= deadline) {
            throw new SocketTimeoutException("no answer from the plugin socket within " + timeout.toMillis() + " ms");
        }
        selector.selectedKeys().clear();
    }

    private void keep(byte[] data, int from) {
        pending.reset();
        pending.write(data, from, data.length - from);
    }

    /** Whether the server closed the connection (reads end of stream), waiting at most the timeout for it. */
    public boolean isClosedByServer() throws IOException {
        deadline = System.nanoTime() + timeout.toNanos();
        return !fill();
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
