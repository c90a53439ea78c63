package com.ecliptix.memberships.schema.catalog;

import com.ecliptix.memberships.schema.catalog.TsqlText.Kind;
import com.ecliptix.memberships.schema.catalog.TsqlText.Token;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which parameters of a T-SQL routine have a default. SQL Server keeps parameter defaults only for
 * CLR routines ({@code sys.parameters.has_default_value} is 0 for every T-SQL one), so the header of
 * the definition in {@code sys.sql_modules} is read instead: every parameter declaration up to the
 * {@code AS} that opens the body, split at top-level commas, and a declaration with a top-level
 * {@code =} has a default.
 */
final class TsqlParameterDefaults {

    private static final Pattern HEADER = Pattern.compile(
            "\\b(?:create|alter)(?:\\s+or\\s+alter)?\\s+(?:proc|procedure|function)\\s+", Pattern.CASE_INSENSITIVE);

    /** The keywords that end the parameter list of a procedure written without parentheses. */
    private static final Set<String> HEADER_END = Set.of("as", "with", "for", "returns");

    private TsqlParameterDefaults() {
    }

    /** The names (without {@code @}) of the parameters declared with a default, in declaration order. */
    static Set<String> optionalParameters(String definition) {
        String text = TsqlText.withoutComments(definition);
        Matcher header = HEADER.matcher(text);
        if (!header.find()) {
            return Set.of();
        }
        List<Token> tokens = TsqlText.tokens(text.substring(header.end()));
        int i = 0;
        // The routine's name: parts, bare, [bracketed] or "quoted", joined by dots.
        while (i < tokens.size() && (tokens.get(i).kind() == Kind.WORD || tokens.get(i).kind() == Kind.NAME
                || tokens.get(i).is("."))) {
            i++;
        }
        while (i < tokens.size() && (tokens.get(i).kind() == Kind.SPACE || tokens.get(i).is("("))) {
            i++;
        }
        Set<String> optional = new LinkedHashSet<>();
        if (i == tokens.size() || !tokens.get(i).text().startsWith("@")) {
            return optional;
        }
        for (List<Token> declaration : declarations(tokens.subList(i, tokens.size()))) {
            boolean named = !declaration.isEmpty() && declaration.get(0).text().startsWith("@");
            if (named && declaration.stream().anyMatch(t -> t.is("="))) {
                optional.add(declaration.get(0).text().substring(1));
            }
        }
        return optional;
    }

    /**
     * The parameter declarations, split at top-level commas, each as its top-level tokens other than
     * whitespace (what is inside parentheses, such as {@code DECIMAL(10, 2)}'s, is left out).
     */
    private static List<List<Token>> declarations(List<Token> tokens) {
        List<List<Token>> declarations = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int depth = 0;
        for (Token token : tokens) {
            boolean headerEnd = token.kind() == Kind.WORD && HEADER_END.contains(token.text().toLowerCase(Locale.ROOT));
            if (depth == 0 && (token.is(")") || headerEnd)) {
                // The ")" of a list written as "name (@a INT, ...)", or the AS / WITH / ... after one without.
                break;
            }
            depth += token.is("(") ? 1 : token.is(")") ? -1 : 0;
            if (depth == 0 && token.is(",")) {
                declarations.add(current);
                current = new ArrayList<>();
            } else if (depth == 0 && token.kind() != Kind.SPACE) {
                current.add(token);
            }
        }
        declarations.add(current);
        return declarations;
    }
}
