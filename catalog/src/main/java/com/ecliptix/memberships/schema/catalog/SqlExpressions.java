package com.ecliptix.memberships.schema.catalog;

import static java.util.stream.Collectors.joining;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Param;
import org.jooq.SQLDialect;
import org.jooq.TableField;
import org.jooq.conf.ParseNameCase;
import org.jooq.conf.ParseUnknownFunctions;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.ParserException;
import org.jooq.impl.QOM;

/**
 * Normalizes the expression texts of defaults, check constraints and index filters so that both
 * engines' spellings of one rule compare equal, and so that the snapshot is readable. jOOQ's parser
 * reads either engine's text; this class walks the parsed expression and prints its canonical text:
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
 * An expression the walk does not cover (or the parser does not read) gets a textual normalization
 * instead (lower case outside literals, no quotes, brackets, casts or redundant spaces). That form is
 * stable for one engine, which is enough for drift detection, but two engines' texts of such an
 * expression may not agree. jOOQ's parser reads {@code getdate()} and {@code now()} alike as
 * {@code current_timestamp}, so the walk leaves those to the textual form, which keeps their names.
 */
final class SqlExpressions {

    static {
        // jOOQ logs its logo and a "tip of the day" at INFO when it first renders, unless these are set
        // (an application that wants them sets them to false itself).
        System.getProperties().putIfAbsent("org.jooq.no-logo", "true");
        System.getProperties().putIfAbsent("org.jooq.no-tips", "true");
    }

    private static final DSLContext JOOQ = DSL.using(SQLDialect.DEFAULT, new Settings()
            .withParseUnknownFunctions(ParseUnknownFunctions.IGNORE)
            .withParseNameCase(ParseNameCase.AS_IS));

    /** The UTC clocks and new-uuid functions that jOOQ reads as calls, by their canonical text. */
    private static final Map<String, String> CANONICAL_CALLS = Map.of("sysutcdatetime", "now", "getutcdate", "now",
            "ecliptix_internal.utc_now", "now", "uuid_generate_v4", "newid");
    /**
     * PostgreSQL's {@code clock_timestamp() AT TIME ZONE 'UTC'}, which it deparses as {@code timezone('UTC', ...)},
     * in textual form: jOOQ's parser reads neither.
     */
    private static final String SESSION_CLOCK =
            "(?:(?:now|clock_timestamp|statement_timestamp|transaction_timestamp)\\(\\)|current_timestamp)";
    private static final Pattern UTC_SESSION_CLOCK = Pattern.compile(
            "(?i)timezone\\('utc', " + SESSION_CLOCK + "\\)|" + SESSION_CLOCK + " at time zone 'utc'");

    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;
    private static final int PREDICATE = 4;
    private static final int ADDITIVE = 5;
    private static final int MULTIPLICATIVE = 6;
    private static final int UNARY = 7;
    private static final int PRIMARY = 8;

    private static final Map<String, Boolean> TRUTH = Map.of("1", true, "true", true, "0", false, "false", false);

    private static final Map<Class<?>, String> COMPARISONS = Map.of(
            QOM.Eq.class, "=", QOM.Ne.class, "<>", QOM.Lt.class, "<", QOM.Le.class, "<=", QOM.Gt.class, ">",
            QOM.Ge.class, ">=", QOM.IsDistinctFrom.class, "is distinct from",
            QOM.IsNotDistinctFrom.class, "is not distinct from");

    /** An expression outside what the walk covers. */
    private static final class Unsupported extends RuntimeException {
        Unsupported(Object part) {
            super(part.getClass().getName(), null, false, false);
        }
    }

    /**
     * A canonical text and how tightly it binds, so that an enclosing expression adds parentheses only
     * where precedence needs them; {@code negationOf} is set on {@code not x}, so that {@code not not x} is x.
     */
    private record Text(String sql, int precedence, Text negationOf) {
        Text(String sql, int precedence) {
            this(sql, precedence, null);
        }

        String within(int minimum) {
            return precedence < minimum ? "(" + sql + ")" : sql;
        }
    }

    /** A subject and the values it is compared with, as canonical texts: an IN, or one operand of a spelled-out IN. */
    private record Membership(String subject, List<String> values) {
    }

    private final Set<String> booleanColumns;

    private SqlExpressions(Set<String> booleanColumns) {
        this.booleanColumns = booleanColumns;
    }

    /** The canonical text of an expression of a table whose bool columns are {@code booleanColumns}. */
    static String normalize(String sql, Set<String> booleanColumns) {
        if (sql == null) {
            return null;
        }
        try {
            return new SqlExpressions(booleanColumns).render(JOOQ.parser().parseField(sql)).sql();
        } catch (ParserException | Unsupported e) {
            String text = textual(sql);
            return UTC_SESSION_CLOCK.matcher(text).matches() ? "now" : text;
        }
    }

    /** The canonical text of a column default, for a column of the given normalized type. */
    static String normalizeDefault(String sql, String columnType, Set<String> booleanColumns) {
        String normalized = normalize(sql, booleanColumns);
        boolean truth = "bool".equals(columnType) && normalized != null && TRUTH.containsKey(normalized);
        return truth ? TRUTH.get(normalized).toString() : normalized;
    }

    // ---------------------------------------------------------------- canonical form

    private Text render(Field<?> part) {
        if (part instanceof QOM.Cast<?> cast) {
            return cast(cast);
        }
        if (part instanceof QOM.FieldCondition condition) {
            return render(condition.$field());
        }
        if (part instanceof QOM.And || part instanceof QOM.Or) {
            return logic((Condition) part);
        }
        if (part instanceof QOM.Not not) {
            return not(render(not.$condition()));
        }
        if (part instanceof QOM.CompareCondition<?, ?> compare) {
            return compare(compare);
        }
        if (part instanceof QOM.IsNull isNull) {
            return new Text(render(isNull.$field()).within(ADDITIVE) + " is null", PREDICATE);
        }
        if (part instanceof QOM.IsNotNull isNotNull) {
            return new Text(render(isNotNull.$field()).within(ADDITIVE) + " is not null", PREDICATE);
        }
        if (part instanceof QOM.RegexpLike regexp) {
            return new Text(render(regexp.$search()).within(ADDITIVE) + " ~ " + render(regexp.$pattern()).within(ADDITIVE),
                    PREDICATE);
        }
        if (part instanceof QOM.Add<?> add) {
            return arithmetic("+", ADDITIVE, add.$arg1(), add.$arg2());
        }
        if (part instanceof QOM.Sub<?> sub) {
            return arithmetic("-", ADDITIVE, sub.$arg1(), sub.$arg2());
        }
        if (part instanceof QOM.Mul<?> mul) {
            return arithmetic("*", MULTIPLICATIVE, mul.$arg1(), mul.$arg2());
        }
        if (part instanceof QOM.Div<?> div) {
            return arithmetic("/", MULTIPLICATIVE, div.$arg1(), div.$arg2());
        }
        if (part instanceof QOM.Neg<?> neg) {
            return new Text("-" + render(neg.$arg1()).within(UNARY), UNARY);
        }
        if (part instanceof QOM.Uuid) {
            return new Text("newid", PRIMARY);
        }
        if (part instanceof QOM.Function<?> function) {
            return call(function);
        }
        if (part instanceof Param<?> literal) {
            return new Text(literal(literal.getValue()), PRIMARY);
        }
        if (part instanceof TableField<?, ?> column) {
            return new Text(Arrays.stream(column.getQualifiedName().getName()).map(Names::render).collect(joining(".")),
                    PRIMARY);
        }
        if (part instanceof Condition condition) {
            for (boolean negated : new boolean[] {false, true}) {
                Membership membership = membership(condition, negated);
                if (membership != null) {
                    return in(membership, negated);
                }
            }
        }
        throw new Unsupported(part);
    }

    /**
     * Casts are dropped, except that a numeric string cast to a number is the number: PostgreSQL
     * deparses a negative default as {@code '-1'::integer} where SQL Server stores {@code ((-1))}.
     */
    private Text cast(QOM.Cast<?> cast) {
        if (cast.$field() instanceof Param<?> literal && literal.getValue() instanceof String text
                && cast.$dataType().isNumeric() && text.matches("-?[0-9]+(\\.[0-9]+)?")) {
            return new Text(text, text.startsWith("-") ? UNARY : PRIMARY);
        }
        return render(cast.$field());
    }

    private static String literal(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            return "'" + text.replace("'", "''") + "'";
        }
        if (value instanceof Boolean || value instanceof Number) {
            return value.toString();
        }
        throw new Unsupported(value);
    }

    private Text logic(Condition logic) {
        boolean or = logic instanceof QOM.Or;
        List<Condition> operands = new ArrayList<>();
        flatten(logic, logic.getClass(), operands);
        // SQL Server stores "x IN (a, b)" as "x = a OR x = b", and "x NOT IN" as "x <> a AND x <> b".
        List<Membership> memberships = operands.stream().map(o -> membership(o, !or)).toList();
        if (!memberships.contains(null) && memberships.stream().map(Membership::subject).distinct().count() == 1) {
            return in(new Membership(memberships.get(0).subject(),
                    memberships.stream().flatMap(m -> m.values().stream()).toList()), !or);
        }
        int precedence = or ? OR : AND;
        return new Text(operands.stream().map(o -> render(o).within(precedence + 1)).collect(joining(or ? " or " : " and ")),
                precedence);
    }

    private static void flatten(Condition condition, Class<?> kind, List<Condition> operands) {
        if (kind.isInstance(condition)) {
            QOM.CombinedCondition<?> combined = (QOM.CombinedCondition<?>) condition;
            flatten(combined.$arg1(), kind, operands);
            flatten(combined.$arg2(), kind, operands);
        } else {
            operands.add(condition);
        }
    }

    /**
     * The subject and values of {@code x = v}, {@code x IN (...)} or {@code x = ANY (ARRAY[...])} (or, negated,
     * of {@code x <> v}, {@code x NOT IN (...)}, {@code x <> ALL (ARRAY[...])}), or null for anything else.
     */
    private Membership membership(Condition condition, boolean negated) {
        if ((negated ? QOM.Ne.class : QOM.Eq.class).isInstance(condition)) {
            QOM.CompareCondition<?, ?> compare = (QOM.CompareCondition<?, ?>) condition;
            return isLiteral(compare.$arg2()) && !isBooleanColumn(compare.$arg1())
                    ? membership(compare.$arg1(), List.of(compare.$arg2())) : null;
        }
        if (!negated && condition instanceof QOM.InList<?> in) {
            return membership(in.$field(), in.$list());
        }
        if (negated && condition instanceof QOM.NotInList<?> in) {
            return membership(in.$field(), in.$list());
        }
        if (!negated && condition instanceof QOM.EqQuantified<?> q) {
            return membership(q.$arg1(), quantified(q.$arg2(), QOM.Quantifier.ANY));
        }
        if (negated && condition instanceof QOM.NeQuantified<?> q) {
            return membership(q.$arg1(), quantified(q.$arg2(), QOM.Quantifier.ALL));
        }
        return null;
    }

    private Membership membership(Field<?> subject, List<? extends Field<?>> values) {
        return new Membership(render(subject).within(ADDITIVE), values.stream().map(v -> render(v).within(OR)).toList());
    }

    /** The items of {@code ANY (ARRAY[...])} or {@code ALL (ARRAY[...])}. */
    private static List<? extends Field<?>> quantified(Object quantified, QOM.Quantifier expected) {
        // jOOQ reads the operand of ANY (...) as a one-element array holding the operand.
        if (quantified instanceof QOM.QuantifiedArray<?> array && array.$quantifier() == expected
                && uncast(array.$array()) instanceof QOM.Array<?> operand && operand.$elements().size() == 1
                && uncast(operand.$elements().get(0)) instanceof QOM.Array<?> items) {
            return items.$elements();
        }
        throw new Unsupported(quantified);
    }

    /** Values sorted and distinct; a single value is a plain comparison (PostgreSQL stores IN ('a') as = 'a'). */
    private static Text in(Membership membership, boolean negated) {
        List<String> values = membership.values().stream().distinct().sorted().toList();
        String list = values.size() == 1 ? (negated ? " <> " : " = ") + values.get(0)
                : (negated ? " not in (" : " in (") + String.join(", ", values) + ")";
        return new Text(membership.subject() + list, PREDICATE);
    }

    private Text compare(QOM.CompareCondition<?, ?> compare) {
        String op = COMPARISONS.entrySet().stream().filter(e -> e.getKey().isInstance(compare)).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new Unsupported(compare));
        Field<?> left = compare.$arg1();
        Field<?> right = compare.$arg2();
        if (isBooleanColumn(right) && isLiteral(left)) {
            Field<?> swap = left;
            left = right;
            right = swap;
        }
        if (isBooleanColumn(left) && isLiteral(right) && (op.equals("=") || op.equals("<>"))) {
            Boolean value = TRUTH.get(render(right).sql());
            if (value != null) {
                return value == op.equals("=") ? render(left) : not(render(left));
            }
        }
        return new Text(render(left).within(ADDITIVE) + " " + op + " " + render(right).within(ADDITIVE), PREDICATE);
    }

    private static Text not(Text operand) {
        return operand.negationOf() != null ? operand.negationOf() : new Text("not " + operand.within(NOT), NOT, operand);
    }

    private Text arithmetic(String op, int precedence, Field<?> left, Field<?> right) {
        return new Text(render(left).within(precedence) + " " + op + " " + render(right).within(precedence + 1), precedence);
    }

    private Text call(QOM.Function<?> function) {
        // Unquoted names are case-insensitive in both engines, quoted ones are not.
        String name = Arrays.stream(function.getQualifiedName().parts())
                .map(p -> p.quoted() == Name.Quoted.QUOTED ? Names.render(p.first()) : p.first().toLowerCase(Locale.ROOT))
                .collect(joining("."));
        if (function.$args().isEmpty() && CANONICAL_CALLS.containsKey(name)) {
            return new Text(CANONICAL_CALLS.get(name), PRIMARY);
        }
        return new Text(name + "(" + function.$args().stream().map(a -> render(a).within(OR)).collect(joining(", ")) + ")",
                PRIMARY);
    }

    private static Field<?> uncast(Field<?> field) {
        return field instanceof QOM.Cast<?> cast ? uncast(cast.$field()) : field;
    }

    private static boolean isLiteral(Field<?> field) {
        return uncast(field) instanceof Param;
    }

    private boolean isBooleanColumn(Field<?> field) {
        return field instanceof TableField<?, ?> column && column.getQualifiedName().getName().length == 1
                && booleanColumns.contains(column.getName());
    }

    // ---------------------------------------------------------------- textual fallback

    private static final Pattern CAST = Pattern.compile("::\\s*\\w+(?:\\s+(?:varying|precision))?(?:\\s*\\([0-9,\\s]*\\))?"
            + "(?:\\s+with(?:out)?\\s+time\\s+zone)?(?:\\[\\])*");

    /** T-SQL's N prefix, a string literal, a "name", a [name], or any other run of text. */
    private static final Pattern TOKEN = Pattern.compile(
            "(?<!\\w)[Nn](?=')|('(?:[^']|'')*'?)|\"([^\"]*)\"?|\\[([^\\]]+)]|((?:[^'\"\\[Nn]|[Nn](?!'))+|.)");

    /** Lower case outside string literals; names unquoted; casts, T-SQL's N prefix and extra spaces dropped. */
    static String textual(String sql) {
        String out = TOKEN.matcher(sql).replaceAll(token -> Matcher.quoteReplacement(
                token.group(4) != null ? token.group(4).toLowerCase(Locale.ROOT)
                        : token.group(1) != null ? token.group(1)
                        : token.group(2) != null ? token.group(2)
                        : token.group(3) != null ? token.group(3) : ""));
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

    /** True when the first character's parenthesis closes at the last character (parentheses in literals do not count). */
    private static boolean closes(String text) {
        List<TsqlText.Token> tokens = TsqlText.tokens(text);
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            depth += tokens.get(i).is("(") ? 1 : tokens.get(i).is(")") ? -1 : 0;
            if (depth == 0 && i < tokens.size() - 1) {
                return false;
            }
        }
        return depth == 0;
    }
}
