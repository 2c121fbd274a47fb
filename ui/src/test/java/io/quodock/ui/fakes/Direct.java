package io.quodock.ui.fakes;

import io.quodock.ui.admin.AdminCalls;

/** Admin calls that run at once on the calling thread, so a view-model test sees their effect on return. */
public final class Direct {
    private Direct() {
    }

    public static AdminCalls calls() {
        return new AdminCalls(Runnable::run, Runnable::run);
    }
}
