package io.quodock.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableStoreTest {
    private static final long NO_COMPACTION = 1L << 30;

    @TempDir
    Path dir;

    private Path journal;
    private Path snapshot;
    private final List<DurableStore> open = new ArrayList<>();

    @BeforeEach
    void files() {
        journal = dir.resolve("state.journal");
        snapshot = dir.resolve("state.snapshot");
    }

    @AfterEach
    void closeStores() throws IOException {
        for (DurableStore store : open) {
            store.close();
        }
    }

    @Test
    void putsAndDeletesSurviveReopen() throws Exception {
        DurableStore store = open(NO_COMPACTION);
        store.put("a", doc(1));
        store.put("b", doc(2));
        store.put("a", doc(3));
        store.delete("b");
        store.put("c", doc(4));
        close(store);

        assertEquals(Map.of("a", doc(3), "c", doc(4)), open(NO_COMPACTION).documents());
    }

    @Test
    void documentsShowEveryAcknowledgedChangeAsACopy() throws Exception {
        DurableStore store = open(NO_COMPACTION);
        store.put("a", doc(1));
        Map<String, JsonNode> before = store.documents();

        store.put("b", doc(2));
        store.delete("a");

        assertEquals(Map.of("a", doc(1)), before);
        assertEquals(Map.of("b", doc(2)), store.documents());
    }

    @Test
    void deleteOfAnAbsentKeyIsHarmless() throws Exception {
        DurableStore store = open(NO_COMPACTION);
        store.delete("never-there");
        store.put("a", doc(1));
        close(store);

        assertEquals(Map.of("a", doc(1)), open(NO_COMPACTION).documents());
    }

    @Test
    void storedDocumentIsACopyOfWhatWasPut() throws Exception {
        DurableStore store = open(NO_COMPACTION);
        ObjectNode document = doc(1);
        store.put("a", document);
        document.put("n", 99);
        close(store);

        assertEquals(Map.of("a", doc(1)), open(NO_COMPACTION).documents());
    }

    @Test
    void tornLastLineFromACrashIsDroppedAndAcknowledgedChangesSurvive() throws Exception {
        DurableStore store = open(NO_COMPACTION);
        store.put("a", doc(1));
        store.put("b", doc(2));
        close(store);
        long acknowledged = Files.size(journal);
        Files.writeString(journal, "1a2b3c4d {\"seq\":3,\"put\":\"c\",\"do", StandardOpenOption.APPEND);

        DurableStore reopened = open(NO_COMPACTION);

        assertEquals(Map.of("a", doc(1), "b", doc(2)), reopened.documents());
        assertEquals(acknowledged, Files.size(journal));
        // The next change starts on a clean line, so the one after the next reopen still reads.
        reopened.put("c", doc(3));
        close(reopened);
        assertEquals(Map.of("a", doc(1), "b", doc(2), "c", doc(3)), open(NO_COMPACTION).documents());
    }

    @Test
    void damagedJournalLineRefusesToOpenAndLeavesFileUntouched() throws Exception {
        DurableStore store = open(NO_COMPACTION);
        store.put("a", doc(1));
        store.put("b", doc(2));
        store.put("c", doc(3));
        close(store);
        byte[] intact = Files.readAllBytes(journal);
        byte[] damaged = intact.clone();
        damaged[lineStart(intact, 2) + 20] ^= 0x01;
        Files.write(journal, damaged);

        StateDamagedException e = assertThrows(StateDamagedException.class, () -> open(NO_COMPACTION));

        assertEquals(journal, e.file());
        assertTrue(e.getMessage().contains(journal.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertArrayEquals(damaged, Files.readAllBytes(journal));
        // The refused open let go of the directory: once repaired, it opens.
        Files.write(journal, intact);
        assertEquals(Map.of("a", doc(1), "b", doc(2), "c", doc(3)), open(NO_COMPACTION).documents());
    }

    @Test
    void journalWithAGapInTheSequenceRefusesToOpen() throws Exception {
        DurableStore store = open(NO_COMPACTION);
        store.put("a", doc(1));
        store.put("b", doc(2));
        store.put("c", doc(3));
        close(store);
        byte[] intact = Files.readAllBytes(journal);
        byte[] withoutLine2 = concat(Arrays.copyOfRange(intact, 0, lineStart(intact, 2)),
                Arrays.copyOfRange(intact, lineStart(intact, 3), intact.length));
        Files.write(journal, withoutLine2);

        StateDamagedException e = assertThrows(StateDamagedException.class, () -> open(NO_COMPACTION));

        assertEquals(journal, e.file());
        assertTrue(e.getMessage().contains("sequence 3 but 2 was expected"), e.getMessage());
        assertArrayEquals(withoutLine2, Files.readAllBytes(journal));
    }

    @Test
    void journalWithADuplicatedLineRefusesToOpen() throws Exception {
        DurableStore store = open(NO_COMPACTION);
        store.put("a", doc(1));
        store.put("b", doc(2));
        close(store);
        byte[] intact = Files.readAllBytes(journal);
        byte[] line1Twice = concat(intact, Arrays.copyOfRange(intact, 0, lineStart(intact, 2)));
        Files.write(journal, line1Twice);

        StateDamagedException e = assertThrows(StateDamagedException.class, () -> open(NO_COMPACTION));

        assertTrue(e.getMessage().contains("sequence 1 after 2"), e.getMessage());
        assertArrayEquals(line1Twice, Files.readAllBytes(journal));
    }

    @Test
    void truncatedSnapshotRefusesToOpenAndLeavesFileUntouched() throws Exception {
        writeSnapshot();
        byte[] intact = Files.readAllBytes(snapshot);
        byte[] truncated = Arrays.copyOf(intact, intact.length - 10);
        Files.write(snapshot, truncated);

        StateDamagedException e = assertThrows(StateDamagedException.class, () -> open(NO_COMPACTION));

        assertEquals(snapshot, e.file());
        assertTrue(e.getMessage().contains(snapshot.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertArrayEquals(truncated, Files.readAllBytes(snapshot));
    }

    @Test
    void emptySnapshotRefusesToOpen() throws Exception {
        writeSnapshot();
        Files.write(snapshot, new byte[0]);

        StateDamagedException e = assertThrows(StateDamagedException.class, () -> open(NO_COMPACTION));

        assertEquals(snapshot, e.file());
        assertEquals(0, Files.size(snapshot));
    }

    @Test
    void garbledSnapshotRefusesToOpenAndLeavesFileUntouched() throws Exception {
        writeSnapshot();
        byte[] garbled = Files.readAllBytes(snapshot);
        garbled[garbled.length / 2] ^= 0x01;
        Files.write(snapshot, garbled);

        StateDamagedException e = assertThrows(StateDamagedException.class, () -> open(NO_COMPACTION));

        assertEquals(snapshot, e.file());
        assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
        assertArrayEquals(garbled, Files.readAllBytes(snapshot));
    }

    @Test
    void compactionKeepsEverythingAcrossReopenAndLeavesTheJournalShort() throws Exception {
        long compactAfter = 2048;
        DurableStore store = open(compactAfter);
        Map<String, JsonNode> expected = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            String key = "k" + (i % 50);
            store.put(key, doc(i));
            expected.put(key, doc(i));
            if (i % 7 == 0) {
                store.delete(key);
                expected.remove(key);
            }
        }
        close(store);

        long snapshots = store.stats().snapshots();
        assertTrue(snapshots > 1, "expected several compactions, saw " + snapshots);
        assertTrue(Files.size(journal) <= compactAfter, "journal has " + Files.size(journal) + " bytes");
        assertFalse(Files.exists(dir.resolve("state.snapshot.tmp")));
        assertEquals(expected, open(NO_COMPACTION).documents());
    }

    @Test
    void crashBetweenSnapshotRenameAndJournalTruncateReplaysCorrectly() throws Exception {
        DurableStore store = open(NO_COMPACTION);
        store.put("a", doc(1));
        store.put("b", doc(1));
        close(store);
        byte[] journalBeforeSnapshot = Files.readAllBytes(journal);
        DurableStore compacting = open(1);
        compacting.put("a", doc(2));
        close(compacting);
        assertEquals(1, compacting.stats().snapshots());
        // As if the daemon died after renaming the new snapshot into place, before truncating the journal.
        Files.write(journal, journalBeforeSnapshot);

        DurableStore recovered = open(NO_COMPACTION);

        assertEquals(Map.of("a", doc(2), "b", doc(1)), recovered.documents());
        recovered.put("c", doc(3));
        close(recovered);
        assertEquals(Map.of("a", doc(2), "b", doc(1), "c", doc(3)), open(NO_COMPACTION).documents());
    }

    @Test
    void concurrentWritersShareFsyncs() throws Exception {
        int threads = 16;
        int putsPerThread = 200;
        DurableStore store = open(NO_COMPACTION);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> writers = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                String prefix = "t" + t + "-";
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < putsPerThread; i++) {
                        store.put(prefix + i, doc(i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }
        DurableStore.Stats stats = store.stats();
        close(store);

        assertEquals(threads * putsPerThread, stats.changes());
        // 16 writers in step share fsyncs many ways (about 12 changes per fsync on this kind of machine).
        assertTrue(stats.fsyncs() * 4 < stats.changes(),
                "group commit should share fsyncs: " + stats.fsyncs() + " fsyncs for " + stats.changes() + " changes");
        Map<String, JsonNode> reopened = open(NO_COMPACTION).documents();
        assertEquals(threads * putsPerThread, reopened.size());
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < putsPerThread; i++) {
                assertEquals(doc(i), reopened.get("t" + t + "-" + i));
            }
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefusedWhileTheFirstIsOpen() throws Exception {
        DurableStore first = open(NO_COMPACTION);
        first.put("a", doc(1));

        IOException e = assertThrows(IOException.class, () -> DurableStore.open(dir, NO_COMPACTION));

        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("in use"), e.getMessage());
        first.put("b", doc(2));
        close(first);
        assertEquals(Map.of("a", doc(1), "b", doc(2)), open(NO_COMPACTION).documents());
    }

    @Test
    void changesAfterCloseFail() throws Exception {
        DurableStore store = open(NO_COMPACTION);
        store.put("a", doc(1));
        close(store);

        assertThrows(IOException.class, () -> store.put("b", doc(2)));
        assertThrows(IOException.class, () -> store.delete("a"));
        assertEquals(Map.of("a", doc(1)), open(NO_COMPACTION).documents());
    }

    @Test
    void nullKeyIsRefusedAndTheStoreKeepsWorking() throws Exception {
        DurableStore store = open(NO_COMPACTION);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThrows(NullPointerException.class, () -> store.put(null, doc(1)));
            assertThrows(NullPointerException.class, () -> store.delete(null));
            store.put("a", doc(2));
        });
        close(store);
        assertEquals(Map.of("a", doc(2)), open(NO_COMPACTION).documents());
    }

    @Test
    void statsCountChangesAndFsyncs() throws Exception {
        DurableStore store = open(NO_COMPACTION);
        store.put("a", doc(1));
        store.delete("a");

        DurableStore.Stats stats = store.stats();

        assertEquals(2, stats.changes());
        assertEquals(2, stats.fsyncs());
        assertEquals(0, stats.snapshots());
    }

    private DurableStore open(long compactAfterBytes) throws IOException, StateDamagedException {
        DurableStore store = DurableStore.open(dir, compactAfterBytes);
        open.add(store);
        return store;
    }

    private void close(DurableStore store) throws IOException {
        open.remove(store);
        store.close();
    }

    /** Leaves a store whose state is all in the snapshot. */
    private void writeSnapshot() throws Exception {
        DurableStore store = open(1);
        store.put("a", doc(1));
        store.put("b", doc(2));
        close(store);
        assertTrue(Files.size(snapshot) > 20, "expected a snapshot");
    }

    private static ObjectNode doc(int n) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("n", n);
        node.put("text", "value " + n);
        return node;
    }

    /** Offset of the first byte of 1-based line {@code number}. */
    private static int lineStart(byte[] data, int number) {
        int start = 0;
        for (int line = 1; line < number; line++) {
            while (data[start] != '\n') {
                start++;
            }
            start++;
        }
        return start;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] result = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }
}
