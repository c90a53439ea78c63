package com.ecliptix.memberships.cli;

import java.util.ArrayList;
import java.util.List;

/** Columns padded to their widest cell: the one way the verbs print a table. */
final class TextTable {

    private final List<String[]> rows = new ArrayList<>();

    /** @param header the first line; none for a list of labels and values */
    TextTable(String... header) {
        if (header.length > 0) {
            rows.add(header);
        }
    }

    TextTable row(String... cells) {
        rows.add(cells);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String render() {
        return render("");
    }

    /** The table with {@code indent} before every line, as the status report nests its tables under headings. */
    String render(String indent) {
        int columns = rows.stream().mapToInt(row -> row.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : "  ").append(i == row.length - 1 ? row[i] : pad(row[i], widths[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
