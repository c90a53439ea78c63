package com.ecliptix.memberships.benchmarks.soak;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Each call's wall-clock time, by call name, as one thread saw it: a thread of its own per instance (no
 * locking while the soak runs), merged once it has ended.
 */
final class Timings {

    /** A call's figures over the whole soak. */
    record Figures(String call, int calls, double p50Millis, double p99Millis, double maxMillis) {
    }

    private final Map<String, long[]> nanos = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    /** Runs the call and notes its time, also when it throws. */
    <T> T time(String call, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            add(call, System.nanoTime() - start);
        }
    }

    void add(String call, long elapsedNanos) {
        int n = counts.getOrDefault(call, 0);
        long[] values = nanos.computeIfAbsent(call, c -> new long[1024]);
        if (n == values.length) {
            values = Arrays.copyOf(values, n * 2);
            nanos.put(call, values);
        }
        values[n] = elapsedNanos;
        counts.put(call, n + 1);
    }

    long calls() {
        return counts.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** Every call's figures over all the threads' timings, by call name. */
    static Map<String, Figures> merge(Collection<Timings> perThread) {
        Map<String, long[]> all = new TreeMap<>();
        for (Timings t : perThread) {
            t.counts.forEach((call, n) -> all.merge(call, Arrays.copyOf(t.nanos.get(call), n), Timings::concat));
        }
        Map<String, Figures> figures = new LinkedHashMap<>();
        all.forEach((call, values) -> {
            Arrays.sort(values);
            figures.put(call, new Figures(call, values.length, millis(percentile(values, 0.50)), millis(percentile(values, 0.99)),
                    millis(values[values.length - 1])));
        });
        return figures;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** The nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * p) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
