package com.ecliptix.memberships.schema.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Set;

/**
 * Which parameters of a T-SQL routine have a default. SQL Server keeps parameter defaults only for
 * CLR routines ({@code sys.parameters.has_default_value} is 0 for every T-SQL one), so the header of
 * the definition in {@code sys.sql_modules} is read instead: every parameter declaration up to the
 * {@code AS} that opens the body, split at top-level commas, and a declaration with a top-level
 * {@code =} has a default.
 */
final class TsqlParameterDefaults {

    private TsqlParameterDefaults() {
    }

    /** The names (without {@code @}) of the parameters declared with a default, in declaration order. */
    static Set<String> optionalParameters(String definition) {
        Set<String> optional = new LinkedHashSet<>();
        for (String declaration : declarations(withoutComments(definition))) {
            String name = declaration.strip().split("[\\s=]", 2)[0];
            if (name.startsWith("@") && hasTopLevelEquals(declaration)) {
                optional.add(name.substring(1));
            }
        }
        return optional;
    }

    private static final Pattern HEADER = Pattern.compile(
            "\\b(?:create|alter)(?:\\s+or\\s+alter)?\\s+(?:proc|procedure|function)\\s+", Pattern.CASE_INSENSITIVE);

    /** The parameter declarations between the routine's name and the AS / WITH / RETURNS that ends them. */
    private static List<String> declarations(String text) {
        int start = firstParameter(text);
        if (start < 0) {
            return List.of();
        }
        List<String> declarations = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted) {
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                    if (depth < 0) {
                        // The closing parenthesis of a parameter list written as "name (@a INT, ...)".
                        break;
                    }
                } else if (depth == 0 && c == ',') {
                    declarations.add(current.toString());
                    current.setLength(0);
                    continue;
                } else if (depth == 0 && endsHeader(text, i)) {
                    break;
                }
            }
            current.append(c);
        }
        declarations.add(current.toString());
        return declarations;
    }

    /** Where the first parameter declaration starts, or -1 when the routine has none. */
    private static int firstParameter(String text) {
        Matcher header = HEADER.matcher(text);
        if (!header.find()) {
            return -1;
        }
        int i = header.end();
        // The routine's name: parts, possibly [bracketed] or "quoted", joined by dots.
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '[' || c == '"') {
                int close = text.indexOf(c == '[' ? ']' : '"', i + 1);
                i = close < 0 ? text.length() : close + 1;
            } else if (isWordChar(c) || c == '.') {
                i++;
            } else {
                break;
            }
        }
        while (i < text.length() && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == '(')) {
            i++;
        }
        return i < text.length() && text.charAt(i) == '@' ? i : -1;
    }

    /** A keyword that ends the parameter list of a procedure written without parentheses. */
    private static boolean endsHeader(String text, int at) {
        if (at > 0 && isWordChar(text.charAt(at - 1))) {
            return false;
        }
        for (String keyword : List.of("as", "with", "for", "returns")) {
            int end = at + keyword.length();
            if (end <= text.length() && text.regionMatches(true, at, keyword, 0, keyword.length())
                    && (end == text.length() || !isWordChar(text.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '@' || c == '#' || c == '$';
    }

    private static boolean hasTopLevelEquals(String declaration) {
        int depth = 0;
        boolean quoted = false;
        for (char c : declaration.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == '=') {
                return true;
            }
        }
        return false;
    }

    /** Where the string literal opening at {@code start} ends (after its closing quote; '' is a quote inside it). */
    static int literalEnd(String text, int start) {
        int end = text.indexOf('\'', start + 1);
        while (end >= 0 && end + 1 < text.length() && text.charAt(end + 1) == '\'') {
            end = text.indexOf('\'', end + 2);
        }
        return end < 0 ? text.length() : end + 1;
    }

    /** The text with -- and (nested) block comments blanked out, string literals left alone. */
    static String withoutComments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\'') {
                int end = literalEnd(text, i);
                out.append(text, i, end);
                i = end;
            } else if (text.startsWith("--", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? n : end;
                out.append(' ');
            } else if (text.startsWith("/*", i)) {
                int depth = 0;
                do {
                    if (text.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (text.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                    } else {
                        i++;
                    }
                } while (depth > 0 && i < n);
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
