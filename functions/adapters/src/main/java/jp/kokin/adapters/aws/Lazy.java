package jp.kokin.adapters.aws;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A value built by its first caller, once, whichever thread asks first (the lazy clients: SQS, the
 * providers' and the sandbox's HTTP client).
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> factory;
    private volatile T value;

    public Lazy(Supplier<T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * The one rule for clients a first request may not need: built now when init runs ahead of
     * requests (SnapStart, provisioned concurrency: {@link Priming#initRunsAhead}), else wrapped by
     * {@code lazily} to be built at first use.
     */
    public static <T> T atInitOrFirstUse(Map<String, String> env, Supplier<T> build, Function<Supplier<T>, T> lazily) {
        return Priming.initRunsAhead(env) ? build.get() : lazily.apply(build);
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = Objects.requireNonNull(factory.get(), "the factory built nothing");
                    value = v;
                }
            }
        }
        return v;
    }

    /** Gives the value to {@code action} if it has been built; builds nothing. */
    public void ifBuilt(java.util.function.Consumer<T> action) {
        T v = value;
        if (v != null) {
            action.accept(v);
        }
    }

    /** Whether the value has been built. */
    public boolean built() {
        return value != null;
    }
}
