package io.quodock.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable map of JSON documents by key, kept in a state directory.
 *
 * <p>Every {@link #put} or {@link #delete} returns only after the change is on disk (fsync). Changes
 * are appended to {@code state.journal}; one writer thread takes every change that is waiting, writes
 * them in one go and syncs once, so concurrent callers share an fsync (group commit). When the journal
 * grows past a bound it is folded into {@code state.snapshot}, written to a temporary file, synced and
 * renamed into place. Both files hold checksummed JSON lines (see {@link Record}).
 *
 * <p>Recovery: a last journal line without its newline is a write that a crash cut short; it was never
 * acknowledged, so it is dropped. Anything else that does not verify (a checksum, the JSON, a gap in
 * the sequence, a damaged snapshot) is damage: {@link #open} throws {@link StateDamagedException} and
 * changes nothing. A lock file keeps a second daemon off the same directory.
 */
public final class DurableStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DurableStore.class);
    static final String SNAPSHOT = "state.snapshot";
    static final String JOURNAL = "state.journal";
    private static final String LOCK = "state.lock";
    private static final int FORMAT = 1;
    private static final int MAX_BATCH = 4096;

    /** Counters for the benchmark and the metrics: how many changes were acknowledged, how many fsyncs they cost. */
    public record Stats(long changes, long fsyncs, long snapshots) {
    }

    private record Change(String key, JsonNode document, CompletableFuture<Void> done) {
        boolean isDelete() {
            return document == null;
        }
    }

    private final Path dir;
    private final ObjectMapper json;
    private final long compactAfterBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, JsonNode> documents;
    private final LinkedBlockingQueue<Change> queue = new LinkedBlockingQueue<>();
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();
    private final AtomicLong snapshots = new AtomicLong();
    private final Thread writer;
    private FileChannel journal;
    private long journalBytes;
    private long seq;
    private volatile IOException broken;
    private volatile boolean closing;

    private DurableStore(Path dir, ObjectMapper json, long compactAfterBytes, FileChannel lockChannel, FileLock lock,
                         Map<String, JsonNode> documents, long seq, FileChannel journal, long journalBytes) {
        this.dir = dir;
        this.json = json;
        this.compactAfterBytes = compactAfterBytes;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.documents = documents;
        this.seq = seq;
        this.journal = journal;
        this.journalBytes = journalBytes;
        this.writer = new Thread(this::writeLoop, "quodock-state-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Opens (or creates) the store in {@code dir}, replaying snapshot and journal.
     *
     * @param compactAfterBytes journal size after which it is folded into the snapshot
     */
    public static DurableStore open(Path dir, long compactAfterBytes) throws IOException, StateDamagedException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper();
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("state directory " + dir + " is in use by another quodock daemon;"
                    + " stop it first or give this one its own --state-dir");
        }
        try {
            Map<String, JsonNode> documents = new LinkedHashMap<>();
            long seq = readSnapshot(json, dir.resolve(SNAPSHOT), documents);
            Path journalFile = dir.resolve(JOURNAL);
            long[] replay = replayJournal(json, journalFile, documents, seq);
            FileChannel journal = FileChannel.open(journalFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (journal.size() > replay[1]) {
                LOG.warn("state journal {} ends in a write cut short by a crash ({} bytes, never acknowledged); dropping it",
                        journalFile, journal.size() - replay[1]);
                journal.truncate(replay[1]);
                journal.force(true);
            }
            journal.position(replay[1]);
            syncDirectory(dir);
            return new DurableStore(dir, json, compactAfterBytes, lockChannel, lock, documents, replay[0], journal, replay[1]);
        } catch (IOException | StateDamagedException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    /** A copy of the documents now: those replayed at open plus every change acknowledged since. */
    public synchronized Map<String, JsonNode> documents() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(documents));
    }

    /** Stores {@code document} under {@code key}; returns once it is durable. */
    public void put(String key, JsonNode document) throws IOException {
        Objects.requireNonNull(key, "key");
        submit(new Change(key, document.deepCopy(), new CompletableFuture<>()));
    }

    /** Removes {@code key}; returns once that is durable. */
    public void delete(String key) throws IOException {
        Objects.requireNonNull(key, "key");
        submit(new Change(key, null, new CompletableFuture<>()));
    }

    public Stats stats() {
        return new Stats(changes.get(), fsyncs.get(), snapshots.get());
    }

    public Path directory() {
        return dir;
    }

    private void submit(Change change) throws IOException {
        IOException failure = broken;
        if (failure != null) {
            throw new IOException("state store is failed since an earlier write error: " + failure.getMessage(), failure);
        }
        if (closing) {
            throw new IOException("state store is closed (daemon stopping)");
        }
        queue.add(change);
        try {
            change.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the state write");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        }
    }

    private void writeLoop() {
        List<Change> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            int marker = closeMarker(batch);
            if (marker >= 0) {
                // Write what came before the close marker; close() fails whatever raced in after it.
                writeBatch(batch.subList(0, marker));
                for (Change late : batch.subList(marker + 1, batch.size())) {
                    late.done().completeExceptionally(new IOException("state store closed"));
                }
                break;
            }
            writeBatch(batch);
            batch.clear();
        }
    }

    /** The change that {@link #close} queues has no key; {@link #put} and {@link #delete} refuse a null key. */
    private static int closeMarker(List<Change> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).key() == null) {
                return i;
            }
        }
        return -1;
    }

    private void writeBatch(List<Change> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            if (broken != null) {
                throw broken;
            }
            ByteBuffer buffer = encode(batch);
            int length = buffer.remaining();
            while (buffer.hasRemaining()) {
                journal.write(buffer);
            }
            journal.force(false);
            fsyncs.incrementAndGet();
            journalBytes += length;
            apply(batch);
            changes.addAndGet(batch.size());
            for (Change change : batch) {
                change.done().complete(null);
            }
            if (journalBytes > compactAfterBytes) {
                compact();
            }
        } catch (IOException e) {
            if (broken == null) {
                LOG.error("state write to {} failed; no further change will be acknowledged: {}", dir, e.toString());
                broken = e;
            }
            for (Change change : batch) {
                change.done().completeExceptionally(e);
            }
        }
    }

    private ByteBuffer encode(List<Change> batch) {
        List<byte[]> lines = new ArrayList<>(batch.size());
        int size = 0;
        long next = seq;
        for (Change change : batch) {
            ObjectNode node = json.createObjectNode();
            node.put("seq", ++next);
            if (change.isDelete()) {
                node.put("delete", change.key());
            } else {
                node.put("put", change.key());
                node.set("doc", change.document());
            }
            byte[] line = Record.encode(json, node);
            lines.add(line);
            size += line.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        lines.forEach(buffer::put);
        return buffer.flip();
    }

    private synchronized void apply(List<Change> batch) {
        for (Change change : batch) {
            seq++;
            if (change.isDelete()) {
                documents.remove(change.key());
            } else {
                documents.put(change.key(), change.document());
            }
        }
    }

    /** Folds the journal into a new snapshot. Runs on the writer thread, between batches. */
    private void compact() throws IOException {
        ObjectNode snapshot = json.createObjectNode();
        synchronized (this) {
            snapshot.put("format", FORMAT);
            snapshot.put("seq", seq);
            ObjectNode docs = snapshot.putObject("documents");
            documents.forEach(docs::set);
        }
        Path tmp = dir.resolve(SNAPSHOT + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(Record.encode(json, snapshot));
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        try {
            Files.move(tmp, dir.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("state directory " + dir + " does not support atomic rename", e);
        }
        syncDirectory(dir);
        // A crash from here on leaves journal lines the snapshot already holds; replay skips them by seq.
        journal.truncate(0);
        journal.position(0);
        journal.force(true);
        journalBytes = 0;
        snapshots.incrementAndGet();
        fsyncs.addAndGet(3);
    }

    /** Stops the writer after everything already submitted is durable. */
    @Override
    public void close() throws IOException {
        closing = true;
        queue.add(new Change(null, null, new CompletableFuture<>()));
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Anything that raced past the closing check fails instead of hanging.
        for (Iterator<Change> it = queue.iterator(); it.hasNext(); ) {
            it.next().done().completeExceptionally(new IOException("state store closed"));
        }
        journal.close();
        lock.release();
        lockChannel.close();
    }

    private static long readSnapshot(ObjectMapper json, Path file, Map<String, JsonNode> into)
            throws IOException, StateDamagedException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] data = Files.readAllBytes(file);
        if (data.length == 0 || data[data.length - 1] != '\n') {
            throw new StateDamagedException(file, "it is truncated (" + data.length + " bytes, no final newline)");
        }
        JsonNode node = Record.decode(json, data, 0, data.length - 1);
        if (node == null) {
            throw new StateDamagedException(file, "its checksum or JSON does not verify");
        }
        if (node.path("format").asInt() != FORMAT || !node.path("documents").isObject() || !node.path("seq").isIntegralNumber()) {
            throw new StateDamagedException(file, "it is not a quodock snapshot of format " + FORMAT);
        }
        node.path("documents").fields().forEachRemaining(e -> into.put(e.getKey(), e.getValue()));
        return node.path("seq").asLong();
    }

    /** @return {sequence number after replay, length of the verified part of the journal} */
    private static long[] replayJournal(ObjectMapper json, Path file, Map<String, JsonNode> into, long snapshotSeq)
            throws IOException, StateDamagedException {
        if (!Files.exists(file)) {
            return new long[] {snapshotSeq, 0};
        }
        byte[] data = Files.readAllBytes(file);
        long seq = snapshotSeq;
        int start = 0;
        int lineNo = 0;
        while (start < data.length) {
            int end = start;
            while (end < data.length && data[end] != '\n') {
                end++;
            }
            if (end == data.length) {
                break; // no newline: a torn last write, dropped by open()
            }
            lineNo++;
            JsonNode node = Record.decode(json, data, start, end);
            if (node == null || !node.path("seq").isIntegralNumber()) {
                throw new StateDamagedException(file, "line " + lineNo + " (byte " + start + ") does not verify");
            }
            long lineSeq = node.path("seq").asLong();
            if (lineSeq <= seq && seq > snapshotSeq) {
                throw new StateDamagedException(file, "line " + lineNo + " has sequence " + lineSeq
                        + " after " + seq + " (records are duplicated or out of order)");
            }
            if (lineSeq > seq) {
                if (lineSeq != seq + 1) {
                    throw new StateDamagedException(file, "line " + lineNo + " has sequence " + lineSeq
                            + " but " + (seq + 1) + " was expected (records are missing)");
                }
                seq = lineSeq;
                if (node.hasNonNull("put") && node.has("doc")) {
                    into.put(node.get("put").asText(), node.get("doc"));
                } else if (node.hasNonNull("delete")) {
                    into.remove(node.get("delete").asText());
                } else {
                    throw new StateDamagedException(file, "line " + lineNo + " is neither a put nor a delete");
                }
            }
            start = end + 1;
        }
        return new long[] {seq, start};
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
