package com.ecliptix.memberships.schema.catalog;

import java.util.ArrayList;
import java.util.List;

/** Reads one snapshot line left to right: words, names, parenthesized lists and the rest of the line. */
final class LineCursor {

    private final String text;
    private int position;

    LineCursor(String text) {
        this.text = text;
    }

    /** Consumes {@code phrase} when the line continues with it as whole words. */
    boolean accept(String phrase) {
        skipSpaces();
        int end = position + phrase.length();
        if (text.startsWith(phrase, position) && (end == text.length() || text.charAt(end) == ' ')) {
            position = end;
            return true;
        }
        return false;
    }

    void expect(String phrase) {
        if (!accept(phrase)) {
            throw new IllegalArgumentException("expected '" + phrase + "' at column " + (position + 1));
        }
    }

    /** The next space-delimited word. */
    String word() {
        skipSpaces();
        int start = position;
        while (position < text.length() && text.charAt(position) != ' ') {
            position++;
        }
        if (start == position) {
            throw new IllegalArgumentException("missing word at column " + (start + 1));
        }
        return text.substring(start, position);
    }

    /** A bare or double-quoted name. */
    String name() {
        skipSpaces();
        if (position < text.length() && text.charAt(position) == '"') {
            int i = position + 1;
            while (i < text.length()) {
                if (text.charAt(i) == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        i += 2;
                        continue;
                    }
                    String quoted = text.substring(position, i + 1);
                    position = i + 1;
                    return Names.parse(quoted);
                }
                i++;
            }
            throw new IllegalArgumentException("unterminated quoted name");
        }
        return word();
    }

    /** A referential action: one or two words ({@code cascade}, {@code set null}, {@code no action}). */
    String action() {
        String first = word();
        return first.equals("set") || first.equals("no") ? first + " " + word() : first;
    }

    /** A parenthesized list of names. */
    List<String> names() {
        return items().stream().map(Names::parse).toList();
    }

    /** A parenthesized list split at top-level commas, each item as written. */
    List<String> items() {
        String inner = parenthesized();
        List<String> items = new ArrayList<>();
        int depth = 0;
        boolean single = false;
        boolean dbl = false;
        int start = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (!single && !dbl && c == '(') {
                depth++;
            } else if (!single && !dbl && c == ')') {
                depth--;
            } else if (!single && !dbl && depth == 0 && c == ',') {
                items.add(inner.substring(start, i).strip());
                start = i + 1;
            }
        }
        items.add(inner.substring(start).strip());
        return items;
    }

    /** The text inside the next balanced parentheses (quotes respected). */
    String parenthesized() {
        skipSpaces();
        if (position >= text.length() || text.charAt(position) != '(') {
            throw new IllegalArgumentException("expected '(' at column " + (position + 1));
        }
        int depth = 0;
        boolean single = false;
        boolean dbl = false;
        for (int i = position; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (!single && !dbl && c == '(') {
                depth++;
            } else if (!single && !dbl && c == ')' && --depth == 0) {
                String inner = text.substring(position + 1, i);
                position = i + 1;
                return inner;
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses");
    }

    /** Everything left on the line. */
    String rest() {
        skipSpaces();
        String rest = text.substring(position);
        position = text.length();
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("missing text at the end of the line");
        }
        return rest;
    }

    void end() {
        skipSpaces();
        if (position < text.length()) {
            throw new IllegalArgumentException("unexpected '" + text.substring(position) + "'");
        }
    }

    private void skipSpaces() {
        while (position < text.length() && text.charAt(position) == ' ') {
            position++;
        }
    }
}
