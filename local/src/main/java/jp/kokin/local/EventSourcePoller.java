package jp.kokin.local;

/**
 * One of Lambda's event source mappings, emulated by a daemon thread that polls until stopped
 * ({@link SqsPoller}, {@link StreamPoller}): a poll that fails is logged and retried after a pause.
 */
abstract class EventSourcePoller implements Runnable {
    private static final long PAUSE_AFTER_FAILURE_MS = 1000;

    protected final FunctionRuntime function;
    private final String source;
    private volatile boolean running = true;
    private final Thread thread;

    /** @param source what is polled, for the thread's name and the log ({@code sqs}, {@code stream}) */
    EventSourcePoller(FunctionRuntime function, String source) {
        this.function = function;
        this.source = source;
        this.thread = Thread.ofPlatform().daemon().name(source + "-" + function.name()).unstarted(this);
    }

    /** One poll: receive what is there (waiting briefly when nothing is) and deliver it. */
    abstract void pollOnce() throws InterruptedException;

    final boolean running() {
        return running;
    }

    final void start() {
        thread.start();
    }

    final void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public final void run() {
        while (running) {
            try {
                pollOnce();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    System.err.println("[" + function.name() + "] " + source + " poll failed: " + e);
                    try {
                        Thread.sleep(PAUSE_AFTER_FAILURE_MS);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }
}
