package com.ecliptix.memberships.schema;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** T-SQL scripts as the batches a client sends one by one: the text between lines holding only {@code GO}. */
public final class TsqlBatches {

    /** A line of only GO (any case), maybe followed by a {@code --} comment. */
    private static final Pattern SEPARATOR = Pattern.compile("(?im)^[ \\t]*GO[ \\t]*(?:--.*)?$");

    private TsqlBatches() {
    }

    /** The script's batches, blank ones included (callers skip what they need not send). */
    public static List<String> of(String script) {
        return List.of(SEPARATOR.split(script));
    }

    /** The batches that hold something besides whitespace. */
    public static List<String> nonBlank(String script) {
        return Arrays.stream(SEPARATOR.split(script)).filter(batch -> !batch.isBlank()).toList();
    }
}
