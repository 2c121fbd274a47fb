package io.quodock.ui.it;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.testfx.util.WaitForAsyncUtils;

/** Waiting for the window: conditions are read on the FX thread, where the console changes them. */
final class Fx {
    private static final long TIMEOUT_MS = 15_000;

    private Fx() {
    }

    /** Returns {@code value}, computed on the FX thread. */
    static <T> T read(Callable<T> value) {
        try {
            return WaitForAsyncUtils.asyncFx(value).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("reading the window failed: " + e, e);
        }
    }

    /** Waits until {@code condition} holds on the FX thread; fails naming {@code what} and the last {@code shown}. */
    static void await(String what, Callable<Boolean> condition, Callable<Object> shown) {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!read(condition)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("within " + TIMEOUT_MS + " ms: " + what + "; the window shows " + read(shown));
            }
            WaitForAsyncUtils.sleep(25, TimeUnit.MILLISECONDS);
        }
    }
}
