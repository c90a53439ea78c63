package com.ecliptix.memberships.schema.catalog;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How names appear in the snapshot and in normalized expressions: bare when they are plain
 * identifiers (every contract name is), double-quoted otherwise, so that a name with a space or a
 * keyword for a name cannot be misread.
 */
final class Names {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Words that would read as part of an expression or of the snapshot's syntax. */
    private static final Set<String> RESERVED = Set.of(
            "and", "or", "not", "in", "is", "null", "true", "false", "like", "between", "case", "when",
            "then", "else", "end", "as", "at", "array", "any", "all", "some", "now", "newid", "desc");

    private Names() {
    }

    static String render(String name) {
        if (PLAIN.matcher(name).matches() && !RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** The inverse of {@link #render}: unquotes a double-quoted name, returns a bare one as it is. */
    static String parse(String rendered) {
        String text = rendered.strip();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1).replace("\"\"", "\"");
        }
        return text;
    }
}
