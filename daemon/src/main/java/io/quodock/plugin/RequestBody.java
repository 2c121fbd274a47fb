package io.quodock.plugin;

import io.quodock.driver.DriverException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A request body of bounded size, read without holding a thread while the client is slow: what has
 * arrived is taken at once, and for the rest the request calls back when more arrives. A client that
 * stops in the middle of its body costs a connection until Jetty's idle timeout ends it, never one of
 * the server's threads, so a few stalled clients cannot keep dockerd's requests waiting. The admin
 * socket shares the server's threads and reads its bodies the same way.
 */
public final class RequestBody implements Runnable {
    private final Request request;
    private final int limit;
    private final Consumer<RequestBody> then;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private String problem;

    private RequestBody(Request request, int limit, Consumer<RequestBody> then) {
        this.request = request;
        this.limit = limit;
        this.then = then;
    }

    /** Reads the body of {@code request}, then calls {@code then}, on whichever thread the last bytes arrive. */
    public static void read(Request request, int limit, Consumer<RequestBody> then) {
        RequestBody body = new RequestBody(request, limit, then);
        long declared = request.getLength();
        if (declared > limit) {
            body.problem = "request body is " + declared + " bytes; at most " + limit + " are accepted";
            then.accept(body);
        } else {
            body.run();
        }
    }

    /** The body; throws an {@link DriverException.Kind#INVALID} error when it was too large or broke off. */
    public byte[] bytes() {
        if (problem != null) {
            throw DriverException.invalid(problem);
        }
        return bytes.toByteArray();
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                Throwable failure = chunk.getFailure();
                problem = "request body broke off before its end ("
                        + (failure.getMessage() == null ? failure.toString() : failure.getMessage()) + "): nothing was done";
                then.accept(this);
                return;
            }
            ByteBuffer buffer = chunk.getByteBuffer();
            boolean tooLarge = bytes.size() + buffer.remaining() > limit;
            if (!tooLarge) {
                byte[] part = new byte[buffer.remaining()];
                buffer.get(part);
                bytes.writeBytes(part);
            }
            boolean last = chunk.isLast();
            chunk.release();
            if (tooLarge || last) {
                if (tooLarge) {
                    problem = "request body exceeds " + limit + " bytes";
                }
                then.accept(this);
                return;
            }
        }
    }
}
