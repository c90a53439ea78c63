package com.ecliptix.memberships.schema.catalog;

import com.ecliptix.memberships.schema.catalog.TsqlText.Kind;
import com.ecliptix.memberships.schema.catalog.TsqlText.Token;
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
 * {@code AS} that opens the body ({@link TsqlText#items}), and a declaration with an {@code =} has a
 * default.
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
        for (List<Token> item : TsqlText.items(tokens.subList(i, tokens.size()), TsqlParameterDefaults::endsHeader)) {
            List<Token> declaration = item.stream().filter(t -> t.kind() != Kind.SPACE).toList();
            boolean named = !declaration.isEmpty() && declaration.get(0).text().startsWith("@");
            if (named && declaration.stream().anyMatch(t -> t.is("="))) {
                optional.add(declaration.get(0).text().substring(1));
            }
        }
        return optional;
    }

    private static boolean endsHeader(Token token) {
        return token.kind() == Kind.WORD && HEADER_END.contains(token.text().toLowerCase(Locale.ROOT));
    }
}
