package com.ecliptix.memberships.schema.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Normalizes the expression texts of defaults, check constraints and index filters so that both
 * engines' spellings of one rule compare equal, and so that the snapshot is readable:
 *
 * <ul>
 *   <li>casts, parentheses, quotes and brackets are dropped: {@code (("Status")::text = 'pending'::text)}
 *       and {@code ([Status]=N'pending')} both become {@code Status = 'pending'};</li>
 *   <li>{@code x = ANY (ARRAY[...])} (PostgreSQL's form of IN) and an OR chain of {@code x = literal}
 *       (SQL Server's form of IN) both become {@code x in (...)}, values sorted;</li>
 *   <li>a bit column compared with 0 / 1 becomes the boolean itself: {@code [IsDeleted]=(0)} and
 *       {@code NOT "IsDeleted"} are both {@code not IsDeleted}; a bool default of 0 / 1 is
 *       {@code false} / {@code true};</li>
 *   <li>the UTC clocks ({@code SYSUTCDATETIME()}, {@code GETUTCDATE()}, {@code ecliptix_internal.utc_now()},
 *       {@code clock_timestamp() AT TIME ZONE 'UTC'}) become {@code now}, and the new-uuid functions
 *       ({@code NEWID()}, {@code gen_random_uuid()}) become {@code newid}. Local-time clocks such as
 *       {@code GETDATE()} or PostgreSQL's {@code now()} are deliberately kept as written: a column
 *       drifting from UTC to local time is a change worth reporting.</li>
 * </ul>
 *
 * An expression outside the parser's grammar gets a textual normalization instead (lower case outside
 * literals, no quotes, brackets, casts or redundant spaces). That form is stable for one engine, which
 * is enough for drift detection, but two engines' texts of such an expression may not agree.
 */
final class SqlExpressions {

    private static final Set<String> UTC_CLOCKS = Set.of("sysutcdatetime", "getutcdate", "ecliptix_internal.utc_now");
    private static final Set<String> SESSION_CLOCKS = Set.of(
            "now", "clock_timestamp", "statement_timestamp", "transaction_timestamp", "current_timestamp");
    private static final Set<String> UUID_GENERATORS = Set.of("newid", "gen_random_uuid", "uuid_generate_v4");

    private SqlExpressions() {
    }

    /**
     * The canonical text of an expression.
     *
     * @param booleanColumns the table's bool columns, for turning {@code col = 0} into {@code not col}
     */
    static String normalize(String sql, Set<String> booleanColumns) {
        if (sql == null) {
            return null;
        }
        try {
            return canonical(ExpressionParser.parse(sql), booleanColumns).render();
        } catch (ExpressionParser.Unsupported e) {
            return textual(sql);
        }
    }

    /** The canonical text of a column default, for a column of the given normalized type. */
    static String normalizeDefault(String sql, String columnType, Set<String> booleanColumns) {
        String normalized = normalize(sql, booleanColumns);
        if ("bool".equals(columnType)) {
            if ("0".equals(normalized)) {
                return "false";
            }
            if ("1".equals(normalized)) {
                return "true";
            }
        }
        return normalized;
    }

    // ---------------------------------------------------------------- canonical form

    static Expr canonical(Expr expr, Set<String> booleans) {
        if (expr instanceof Expr.Logic logic) {
            return logic(logic, booleans);
        }
        if (expr instanceof Expr.Not not) {
            Expr operand = canonical(not.operand(), booleans);
            return operand instanceof Expr.Not inner ? inner.operand() : new Expr.Not(operand);
        }
        if (expr instanceof Expr.Compare compare) {
            return compare(new Expr.Compare(compare.op(), canonical(compare.left(), booleans),
                    canonical(compare.right(), booleans)), booleans);
        }
        if (expr instanceof Expr.In in) {
            return in(canonical(in.subject(), booleans), all(in.values(), booleans), in.negated());
        }
        if (expr instanceof Expr.IsNull isNull) {
            return new Expr.IsNull(canonical(isNull.subject(), booleans), isNull.negated());
        }
        if (expr instanceof Expr.Between between) {
            return new Expr.Between(canonical(between.subject(), booleans), canonical(between.low(), booleans),
                    canonical(between.high(), booleans), between.negated());
        }
        if (expr instanceof Expr.Arith arith) {
            return new Expr.Arith(arith.op(), canonical(arith.left(), booleans), canonical(arith.right(), booleans));
        }
        if (expr instanceof Expr.Neg neg) {
            return new Expr.Neg(canonical(neg.operand(), booleans));
        }
        if (expr instanceof Expr.Call call) {
            return call(new Expr.Call(call.name(), all(call.args(), booleans)));
        }
        if (expr instanceof Expr.AtTimeZone at) {
            Expr value = canonical(at.value(), booleans);
            return isSessionClock(value) && isUtc(at.zone()) ? new Expr.Lit("now") : new Expr.AtTimeZone(value, at.zone());
        }
        if (expr instanceof Expr.ArrayOf array) {
            return new Expr.ArrayOf(all(array.items(), booleans));
        }
        if (expr instanceof Expr.Case c) {
            return new Expr.Case(c.subject() == null ? null : canonical(c.subject(), booleans), all(c.whens(), booleans),
                    c.otherwise() == null ? null : canonical(c.otherwise(), booleans));
        }
        return expr;
    }

    private static List<Expr> all(List<Expr> items, Set<String> booleans) {
        return items.stream().map(i -> canonical(i, booleans)).toList();
    }

    private static Expr logic(Expr.Logic logic, Set<String> booleans) {
        List<Expr> operands = new ArrayList<>();
        for (Expr operand : all(logic.operands(), booleans)) {
            if (operand instanceof Expr.Logic nested && nested.op().equals(logic.op())) {
                operands.addAll(nested.operands());
            } else {
                operands.add(operand);
            }
        }
        // SQL Server stores "x IN (a, b)" as "x = a OR x = b", and "x NOT IN" as "x <> a AND x <> b".
        boolean negated = logic.op().equals("and");
        Expr subject = sharedSubject(operands, negated);
        if (subject != null) {
            List<Expr> values = new ArrayList<>();
            for (Expr operand : operands) {
                if (operand instanceof Expr.In in) {
                    values.addAll(in.values());
                } else {
                    values.add(((Expr.Compare) operand).right());
                }
            }
            return in(subject, values, negated);
        }
        return new Expr.Logic(logic.op(), operands);
    }

    /** The subject every operand compares with literals (= for OR, <> for AND), or null. */
    private static Expr sharedSubject(List<Expr> operands, boolean negated) {
        Expr subject = null;
        for (Expr operand : operands) {
            Expr candidate;
            if (operand instanceof Expr.Compare c && c.op().equals(negated ? "<>" : "=") && c.right() instanceof Expr.Lit) {
                candidate = c.left();
            } else if (operand instanceof Expr.In in && in.negated() == negated) {
                candidate = in.subject();
            } else {
                return null;
            }
            if (subject != null && !subject.equals(candidate)) {
                return null;
            }
            subject = candidate;
        }
        return subject;
    }

    /** Values sorted and distinct; a single value is a plain comparison (PostgreSQL stores IN ('a') as = 'a'). */
    private static Expr in(Expr subject, List<Expr> values, boolean negated) {
        List<Expr> sorted = values.stream().distinct().sorted(Comparator.comparing(Expr::render)).toList();
        if (sorted.size() == 1) {
            return new Expr.Compare(negated ? "<>" : "=", subject, sorted.get(0));
        }
        return new Expr.In(subject, sorted, negated);
    }

    private static Expr compare(Expr.Compare compare, Set<String> booleans) {
        Expr left = compare.left();
        Expr right = compare.right();
        if (isBooleanColumn(right, booleans) && left instanceof Expr.Lit) {
            Expr swap = left;
            left = right;
            right = swap;
        }
        if (isBooleanColumn(left, booleans) && right instanceof Expr.Lit lit
                && (compare.op().equals("=") || compare.op().equals("<>"))) {
            Boolean value = switch (lit.text()) {
                case "1", "true" -> Boolean.TRUE;
                case "0", "false" -> Boolean.FALSE;
                default -> null;
            };
            if (value != null) {
                boolean positive = value == compare.op().equals("=");
                return positive ? left : new Expr.Not(left);
            }
        }
        return compare;
    }

    private static boolean isBooleanColumn(Expr expr, Set<String> booleans) {
        return expr instanceof Expr.Ref ref && ref.parts().size() == 1 && booleans.contains(ref.parts().get(0));
    }

    private static Expr call(Expr.Call call) {
        if (call.args().isEmpty() && UTC_CLOCKS.contains(call.name())) {
            return new Expr.Lit("now");
        }
        if (call.args().isEmpty() && UUID_GENERATORS.contains(call.name())) {
            return new Expr.Lit("newid");
        }
        // PostgreSQL deparses "clock_timestamp() AT TIME ZONE 'UTC'" as timezone('UTC', clock_timestamp()).
        if (call.name().equals("timezone") && call.args().size() == 2 && isUtc(call.args().get(0))
                && isSessionClock(call.args().get(1))) {
            return new Expr.Lit("now");
        }
        return call;
    }

    private static boolean isUtc(Expr zone) {
        return zone instanceof Expr.Lit lit && lit.text().equalsIgnoreCase("'utc'");
    }

    private static boolean isSessionClock(Expr expr) {
        if (expr instanceof Expr.Call call) {
            return call.args().isEmpty() && SESSION_CLOCKS.contains(call.name());
        }
        return expr instanceof Expr.Ref ref && ref.parts().size() == 1
                && ref.parts().get(0).equalsIgnoreCase("current_timestamp");
    }

    // ---------------------------------------------------------------- textual fallback

    private static final Pattern CAST = Pattern.compile(
            "::\\s*\\w+(?:\\s+(?:varying|precision|without\\s+time\\s+zone|with\\s+time\\s+zone))?(?:\\s*\\([0-9,\\s]*\\))?(?:\\[\\])*");

    /** Lower case outside string literals; names unquoted; casts, T-SQL's N prefix and extra spaces dropped. */
    static String textual(String sql) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'') {
                int end = i + 1;
                while (end < sql.length()) {
                    if (sql.charAt(end) == '\'') {
                        if (end + 1 < sql.length() && sql.charAt(end + 1) == '\'') {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                out.append(sql, i, Math.min(end + 1, sql.length()));
                i = end + 1;
            } else if ((c == 'N' || c == 'n') && i + 1 < sql.length() && sql.charAt(i + 1) == '\''
                    && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
                i++;
            } else if (c == '"' || c == '[' && i + 1 < sql.length() && sql.charAt(i + 1) != ']') {
                int end = sql.indexOf(c == '"' ? '"' : ']', i + 1);
                end = end < 0 ? sql.length() : end;
                out.append(sql, i + 1, end);
                i = end + 1;
            } else {
                out.append(Character.toLowerCase(c));
                i++;
            }
        }
        String text = CAST.matcher(out).replaceAll("");
        text = text.replaceAll("\\s*([=<>!]+)\\s*", " $1 ").replaceAll("\\s*,\\s*", ", ")
                .replaceAll("\\s+", " ").replaceAll("\\(\\s+", "(").replaceAll("\\s+\\)", ")").strip();
        // A lone name or number in parentheses: PostgreSQL's ("Status"), SQL Server's (0). Not a call's arguments.
        String previous;
        do {
            previous = text;
            text = text.replaceAll("(?<![\\w)])\\(([\\w.-]+)\\)", "$1");
        } while (!text.equals(previous));
        while (text.startsWith("(") && text.endsWith(")") && closes(text)) {
            text = text.substring(1, text.length() - 1).strip();
        }
        return text;
    }

    /** True when the first character's parenthesis closes at the last character. */
    private static boolean closes(String text) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
                if (depth == 0 && i < text.length() - 1) {
                    return false;
                }
            }
        }
        return depth == 0;
    }
}
