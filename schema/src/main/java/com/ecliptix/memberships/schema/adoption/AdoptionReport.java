package com.ecliptix.memberships.schema.adoption;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What adoption does, or would do, to a legacy database: per table the rows kept, changed and
 * soft-deleted, and every conflict with the rule that decides it. The dry run and the adoption compute it
 * the same way, before anything is changed.
 *
 * @param database the database, as a URL without secrets or a data source's description
 * @param found what recognising the catalog found
 */
public record AdoptionReport(String database, String found, List<TableCounts> tables, List<Conflict> conflicts) {

    public AdoptionReport {
        tables = List.copyOf(tables);
        conflicts = List.copyOf(conflicts);
    }

    /** The counts of one table. */
    public TableCounts table(String name) {
        return tables.stream().filter(t -> t.table().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No table " + name + " in the report"));
    }

    /** The conflicts one rule decides. */
    public List<Conflict> conflicts(AdoptionRule rule) {
        return conflicts.stream().filter(c -> c.rule() == rule).toList();
    }

    /** Rows of every table. */
    public long rows() {
        return tables.stream().mapToLong(TableCounts::rows).sum();
    }

    /** The table of counts, the conflicts and the rules that decide them, as the command line prints them. */
    public String render() {
        List<String[]> counts = new ArrayList<>();
        counts.add(new String[] {"table", "rows", "kept", "changed", "soft-deleted"});
        for (TableCounts t : tables) {
            counts.add(new String[] {t.table(), String.valueOf(t.rows()), String.valueOf(t.kept()),
                    String.valueOf(t.changed()), String.valueOf(t.softDeleted())});
        }
        counts.add(new String[] {"all tables", String.valueOf(rows()),
                String.valueOf(tables.stream().mapToLong(TableCounts::kept).sum()),
                String.valueOf(tables.stream().mapToLong(TableCounts::changed).sum()),
                String.valueOf(tables.stream().mapToLong(TableCounts::softDeleted).sum())});
        StringBuilder out = new StringBuilder(columns(counts, true));
        if (conflicts.isEmpty()) {
            return out.append("Conflicts: none.\n").toString();
        }
        out.append("Conflicts: ").append(conflicts.size()).append(", each with the rule that decides it:\n");
        List<String[]> rows = new ArrayList<>();
        Set<AdoptionRule> used = new LinkedHashSet<>();
        for (Conflict c : conflicts) {
            rows.add(new String[] {"  " + c.rule().code(), c.table() + " " + c.row() + ": " + c.detail()});
            used.add(c.rule());
        }
        out.append(columns(rows, false));
        out.append("Rules (docs/adopting.md):\n");
        for (AdoptionRule rule : used) {
            out.append("  ").append(rule.code()).append(": ").append(rule.statement()).append('\n');
        }
        return out.toString();
    }

    /** Columns padded to their widest cell; numbers right-aligned when {@code numeric}. */
    private static String columns(List<String[]> rows, boolean numeric) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                String padding = " ".repeat(widths[i] - cell.length());
                line.append(i == 0 ? "" : "  ").append(numeric && i > 0 ? padding + cell : cell + (i < row.length - 1 ? padding : ""));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
