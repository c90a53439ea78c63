package com.ecliptix.memberships.schema.catalog;

import com.ecliptix.memberships.schema.catalog.Difference.Change;
import com.ecliptix.memberships.schema.catalog.Difference.Impact;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The differences between an expected catalog (the committed snapshot) and an actual one (a
 * database), each classified as {@link Impact#BREAKING} or {@link Impact#COMPATIBLE}.
 *
 * <p>The rule: a difference is <b>compatible</b> only when every call and every row that is valid
 * under the snapshot stays valid and behaves the same. That holds for exactly these:
 * <ul>
 *   <li>an added table, procedure or function;</li>
 *   <li>an added column that inserts may leave out (nullable, with a default, or an identity);</li>
 *   <li>a widened column type ({@code text(18)} → {@code text(40)} or {@code text(max)},
 *       {@code smallint} → {@code int} → {@code bigint}, more digits of a decimal), a column that
 *       becomes nullable, a default added where there was none;</li>
 *   <li>an added non-unique index;</li>
 *   <li>an input parameter whose type is widened or that becomes optional, and an optional parameter
 *       added after all existing ones.</li>
 * </ul>
 * Everything else is <b>breaking</b>, in particular: a removed or renamed table, column, routine or
 * parameter (a rename is a removal plus an addition); a narrowed or otherwise changed type; a new
 * required column or parameter; reordered parameters or a changed mode; a changed function result; a
 * removed, changed or disabled index, key, foreign key, check or trigger; a new key, foreign key,
 * check, unique index or trigger (they reject or alter writes the snapshot allows); a changed or
 * removed default; and a changed routine body (compared only when {@link #bodiesCompared}).
 *
 * <p>A part that either catalog could not answer ({@link Catalog#notCompared}, e.g. the checks on Babelfish) is
 * left out on both sides, so it is neither a difference nor hides one elsewhere; {@link #notCompared} lists it.
 */
public final class CatalogDiff {

    private final Catalog expected;
    private final Catalog actual;
    private final List<NotCompared> notCompared;
    private final List<Difference> differences = new ArrayList<>();

    private CatalogDiff(Catalog expected, Catalog actual, List<NotCompared> notCompared) {
        this.expected = expected;
        this.actual = actual;
        this.notCompared = notCompared;
    }

    public static CatalogDiff between(Catalog expected, Catalog actual) {
        List<NotCompared> notCompared = Stream.concat(expected.notCompared().stream(), actual.notCompared().stream())
                .distinct().toList();
        Set<CatalogPart> parts = Catalog.parts(notCompared);
        CatalogDiff diff = new CatalogDiff(expected.without(parts), actual.without(parts), notCompared);
        diff.compareTables();
        diff.compareRoutines();
        // Breaking differences first, each group in catalog order (a stable sort).
        diff.differences.sort(Comparator.comparing(Difference::impact));
        return diff;
    }

    public List<Difference> differences() {
        return List.copyOf(differences);
    }

    /** The parts left out of the comparison because an engine could not answer them; empty when everything was compared. */
    public List<NotCompared> notCompared() {
        return notCompared;
    }

    public boolean isEmpty() {
        return differences.isEmpty();
    }

    public boolean hasBreakingChanges() {
        return differences.stream().anyMatch(Difference::breaking);
    }

    /** True when routine bodies were compared, i.e. both catalogs come from the same engine. */
    public boolean bodiesCompared() {
        return expected.engine() == actual.engine();
    }

    /** A readable report: a summary line, then each difference with the snapshot's and the database's line. */
    public String render() {
        long breaking = differences.stream().filter(Difference::breaking).count();
        StringBuilder out = new StringBuilder();
        if (differences.isEmpty()) {
            out.append(notCompared.isEmpty() ? "No drift: the catalog matches the snapshot.\n"
                    : "No drift: the catalog matches the snapshot in everything compared.\n");
        } else {
            out.append("Catalog drift: %d difference%s, %d breaking\n".formatted(differences.size(),
                    differences.size() == 1 ? "" : "s", breaking));
            differences.forEach(d -> out.append(d.render()).append('\n'));
        }
        if (!bodiesCompared()) {
            out.append("Routine bodies not compared: the snapshot is from ").append(engine(expected))
                    .append(", the database is ").append(engine(actual)).append(".\n");
        }
        notCompared.forEach(n -> out.append("Not compared: ").append(n.render()).append('\n'));
        return out.toString();
    }

    /** The catalog's engine as reports name it. */
    static String engine(Catalog catalog) {
        return catalog.engine().name().toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- tables

    private void compareTables() {
        // A table's own line is its name; what changed in it is reported member by member.
        members("table ", expected.tables(), actual.tables(), Table::name, table -> "table " + table.name(),
                added -> compatible("table added"), "table removed", this::compareTable);
    }

    /** Adds the differences of a table's members; the table itself has none (null), its line being its name. */
    private Verdict compareTable(Table e, Table a) {
        String owner = e.name() + ".";
        members("column " + owner, e.columns(), a.columns(), Column::name, CatalogSnapshot::line,
                column -> column.optionalOnInsert() ? compatible("column added that inserts may leave out")
                        : breaking("new NOT NULL column without default: existing inserts fail"),
                "column removed or renamed", this::columnChange);
        members("key " + owner, e.keys(), a.keys(), KeyConstraint::name, CatalogSnapshot::line,
                key -> breaking("new key rejects rows accepted before"),
                "key removed: duplicates are no longer rejected", (x, y) -> breaking("key changed"));
        members("foreign key " + owner, e.foreignKeys(), a.foreignKeys(), ForeignKey::name, CatalogSnapshot::line,
                fk -> breaking("new foreign key rejects rows accepted before"),
                "foreign key removed: references are no longer enforced",
                (x, y) -> breaking(x.enabled() && !y.enabled() ? "foreign key disabled" : "foreign key changed"));
        members("check " + owner, e.checks(), a.checks(), CheckConstraint::name, CatalogSnapshot::line,
                check -> breaking("new check rejects rows accepted before"),
                "check removed: the rule is no longer enforced",
                (x, y) -> breaking(x.enabled() && !y.enabled() ? "check disabled" : "check changed"));
        members("index " + owner, e.indexes(), a.indexes(), Index::name, CatalogSnapshot::line,
                index -> index.unique() ? breaking("new unique index rejects rows accepted before") : compatible("index added"),
                "index removed: its lookups, limits or uniqueness rule lose it",
                (x, y) -> breaking(x.enabled() && !y.enabled() ? "index disabled" : "index definition changed"));
        members("trigger " + owner, e.triggers(), a.triggers(), Trigger::name, CatalogSnapshot::line,
                trigger -> breaking("new trigger runs on writes"),
                "trigger removed",
                (x, y) -> breaking(x.enabled() && !y.enabled() ? "trigger disabled" : "trigger changed"));
        return null;
    }

    private Verdict columnChange(Column e, Column a) {
        List<Verdict> aspects = new ArrayList<>();
        TypeChange type = TypeChange.of(e.type(), a.type());
        if (type != TypeChange.SAME) {
            aspects.add(type == TypeChange.WIDENED ? compatible(type.describe()) : breaking(type.describe()));
        }
        if (e.nullable() != a.nullable()) {
            aspects.add(a.nullable() ? compatible("now nullable") : breaking("now NOT NULL"));
        }
        if (e.identity() != a.identity()) {
            aspects.add(breaking("identity changed"));
        }
        if (!Objects.equals(e.defaultValue(), a.defaultValue())) {
            aspects.add(e.defaultValue() == null ? compatible("default added")
                    : breaking(a.defaultValue() == null ? "default removed" : "default changed"));
        }
        return combine(aspects);
    }

    // ---------------------------------------------------------------- routines

    private void compareRoutines() {
        matched(expected.routines(), actual.routines(), Routine::name,
                removed -> add(Change.REMOVED, breaking(removed.kind().text() + " removed or renamed"), label(removed),
                        label(removed), null),
                added -> add(Change.ADDED, compatible(added.kind().text() + " added"), label(added), null, label(added)),
                this::compareRoutine);
    }

    private static String label(Routine routine) {
        return routine.kind().text() + " " + routine.name();
    }

    private void compareRoutine(Routine e, Routine a) {
        if (e.kind() != a.kind()) {
            add(Change.CHANGED, breaking("routine kind changed"), label(e), label(e), label(a));
            return;
        }
        compareParameters(e, a);
        if (!Objects.equals(e.returns(), a.returns())) {
            add(Change.CHANGED, breaking("function result changed"), label(e) + " result", "returns " + e.returns(),
                    "returns " + a.returns());
        }
        if (bodiesCompared() && e.bodyHash() != null && a.bodyHash() != null && !e.bodyHash().equals(a.bodyHash())) {
            add(Change.CHANGED, breaking("body changed"), label(e) + " body", "body " + e.bodyHash(), "body " + a.bodyHash());
        }
    }

    private void compareParameters(Routine e, Routine a) {
        String owner = "parameter " + e.name() + ".";
        int lastCommon = a.parameters().stream().filter(p -> e.parameter(p.name()).isPresent())
                .mapToInt(Parameter::position).max().orElse(0);
        members(owner, e.parameters(), a.parameters(), Parameter::name, CatalogSnapshot::line,
                added -> !added.optional() ? breaking("new required parameter")
                        : added.position() > lastCommon ? compatible("optional parameter added at the end")
                        : breaking("parameter inserted before existing ones: positional calls shift"),
                "parameter removed or renamed", this::parameterChange);
        List<String> expectedOrder = e.parameters().stream().map(Parameter::name)
                .filter(n -> a.parameter(n).isPresent()).toList();
        List<String> actualOrder = a.parameters().stream().map(Parameter::name)
                .filter(n -> e.parameter(n).isPresent()).toList();
        if (!expectedOrder.equals(actualOrder)) {
            add(Change.CHANGED, breaking("parameters reordered"), label(e) + " parameter order", "parameters " + expectedOrder,
                    "parameters " + actualOrder);
        }
    }

    private Verdict parameterChange(Parameter e, Parameter a) {
        List<Verdict> aspects = new ArrayList<>();
        if (e.mode() != a.mode()) {
            aspects.add(breaking("mode changed"));
        }
        TypeChange type = TypeChange.of(e.type(), a.type());
        if (type != TypeChange.SAME) {
            // A wider output would not fit what callers read it into; only inputs may widen.
            boolean widenedInput = type == TypeChange.WIDENED && e.mode() == Parameter.Mode.IN && a.mode() == Parameter.Mode.IN;
            aspects.add(widenedInput ? compatible(type.describe()) : breaking(type.describe()));
        }
        if (e.optional() != a.optional()) {
            aspects.add(a.optional() ? compatible("now optional") : breaking("no longer optional"));
        }
        return combine(aspects);
    }

    // ---------------------------------------------------------------- matching by name

    private record Verdict(Impact impact, String reason) {
    }

    private static Verdict breaking(String reason) {
        return new Verdict(Impact.BREAKING, reason);
    }

    private static Verdict compatible(String reason) {
        return new Verdict(Impact.COMPATIBLE, reason);
    }

    /** Breaking when any aspect is; null when there are none (only the position moved, say). */
    private static Verdict combine(List<Verdict> aspects) {
        if (aspects.isEmpty()) {
            return null;
        }
        Impact impact = aspects.stream().anyMatch(v -> v.impact() == Impact.BREAKING) ? Impact.BREAKING : Impact.COMPATIBLE;
        return new Verdict(impact, aspects.stream().map(Verdict::reason).collect(Collectors.joining(", ")));
    }

    /**
     * Compares the members of one kind of two matched objects; {@code changed} is asked only when the
     * rendered lines differ and may still answer null (for a difference that does not count).
     */
    private <T> void members(String prefix, List<T> expectedItems, List<T> actualItems, Function<T, String> name,
            Function<T, String> line, Function<T, Verdict> added, String removedReason, BiFunction<T, T, Verdict> changed) {
        matched(expectedItems, actualItems, name,
                removed -> add(Change.REMOVED, breaking(removedReason), prefix + name.apply(removed), line.apply(removed), null),
                item -> add(Change.ADDED, added.apply(item), prefix + name.apply(item), null, line.apply(item)),
                (e, a) -> add(Change.CHANGED, e.equals(a) ? null : changed.apply(e, a), prefix + name.apply(e), line.apply(e),
                        line.apply(a)));
    }

    private static <T> void matched(List<T> expectedItems, List<T> actualItems, Function<T, String> name,
            Consumer<T> removed, Consumer<T> added, BiConsumer<T, T> both) {
        Map<String, T> actualByName = actualItems.stream()
                .collect(Collectors.toMap(name, Function.identity(), (x, y) -> x, LinkedHashMap::new));
        for (T e : expectedItems) {
            T a = actualByName.remove(name.apply(e));
            if (a == null) {
                removed.accept(e);
            } else {
                both.accept(e, a);
            }
        }
        actualByName.values().forEach(added);
    }

    /** Adds a difference of the verdict's impact and reason; none for a null verdict (no difference that counts). */
    private void add(Change change, Verdict verdict, String object, String expectedLine, String actualLine) {
        if (verdict != null) {
            differences.add(new Difference(change, verdict.impact(), object, expectedLine, actualLine, verdict.reason()));
        }
    }
}
