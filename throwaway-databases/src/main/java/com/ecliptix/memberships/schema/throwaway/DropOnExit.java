package com.ecliptix.memberships.schema.throwaway;

/**
 * What a run creates on a server and must remove: dropped once, on {@link #close()}, or by a shutdown
 * hook when the JVM ends without closing it (a failed or interrupted run).
 */
public final class DropOnExit implements AutoCloseable {

    private final Runnable drop;
    private final Thread hook;
    private boolean dropped;

    private DropOnExit(String what, Runnable drop) {
        this.drop = drop;
        this.hook = new Thread(this::dropOnce, "drop " + what);
    }

    /** Registers {@code drop} to run at exit unless {@link #close()} runs it first. */
    public static DropOnExit register(String what, Runnable drop) {
        DropOnExit dropOnExit = new DropOnExit(what, drop);
        Runtime.getRuntime().addShutdownHook(dropOnExit.hook);
        return dropOnExit;
    }

    /** Drops now (once; a drop that failed is tried again) and no longer at exit. */
    @Override
    public void close() {
        dropOnce();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            // The hook is running or has run; nothing to remove.
        }
    }

    private synchronized void dropOnce() {
        if (!dropped) {
            drop.run();
            dropped = true;
        }
    }
}
