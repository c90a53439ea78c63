package com.ecliptix.memberships.schema.catalog;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a normalized type changed: every value of the old type fits the new one (widened), or not. */
enum TypeChange {
    SAME, WIDENED, NARROWED, INCOMPATIBLE;

    private static final Pattern SIZED = Pattern.compile("(text|binary|char|varchar)\\((\\d+|max)\\)");
    private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),(\\d+)\\)");
    private static final List<String> INTEGERS = List.of("tinyint", "smallint", "int", "bigint");

    static TypeChange of(String from, String to) {
        if (from.equals(to)) {
            return SAME;
        }
        if (INTEGERS.contains(from) && INTEGERS.contains(to)) {
            return INTEGERS.indexOf(to) > INTEGERS.indexOf(from) ? WIDENED : NARROWED;
        }
        Matcher a = SIZED.matcher(from);
        Matcher b = SIZED.matcher(to);
        if (a.matches() && b.matches() && a.group(1).equals(b.group(1))) {
            return size(b.group(2)) > size(a.group(2)) ? WIDENED : NARROWED;
        }
        Matcher x = DECIMAL.matcher(from);
        Matcher y = DECIMAL.matcher(to);
        if (x.matches() && y.matches()) {
            int fromScale = Integer.parseInt(x.group(2));
            int toScale = Integer.parseInt(y.group(2));
            int fromWhole = Integer.parseInt(x.group(1)) - fromScale;
            int toWhole = Integer.parseInt(y.group(1)) - toScale;
            return toWhole >= fromWhole && toScale >= fromScale ? WIDENED : NARROWED;
        }
        return INCOMPATIBLE;
    }

    private static long size(String length) {
        return length.equals("max") ? Long.MAX_VALUE : Long.parseLong(length);
    }

    String describe() {
        return switch (this) {
            case SAME -> "same type";
            case WIDENED -> "type widened";
            case NARROWED -> "type narrowed";
            case INCOMPATIBLE -> "type changed";
        };
    }
}
