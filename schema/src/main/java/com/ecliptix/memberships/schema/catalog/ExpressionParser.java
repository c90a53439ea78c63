package com.ecliptix.memberships.schema.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses the expression texts the catalogs report, in both dialects: PostgreSQL's deparsed
 * {@code (("Status")::text = ANY ((ARRAY['a'::character varying])::text[]))} and SQL Server's
 * {@code ([Status]=N'a' OR [Status]=N'b')}. Casts are dropped while parsing (they are how PostgreSQL
 * spells types into its deparsed text, not part of the rule), {@code x = ANY (ARRAY[...])} becomes
 * {@code x IN (...)}, and T-SQL's {@code N'...'} becomes a plain string. What it cannot parse throws
 * {@link Unsupported}, and {@link SqlExpressions} falls back to a textual normalization.
 */
final class ExpressionParser {

    /** An expression outside the supported grammar. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message);
        }
    }

    private enum Kind { WORD, QUOTED, STRING, NUMBER, SYMBOL, END }

    private record Token(Kind kind, String text) {
        boolean is(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }
    }

    private static final Set<String> COMPARISONS = Set.of("=", "<>", "!=", "<", ">", "<=", ">=", "~", "!~", "~*", "!~*");
    /** Words that may follow the first word of a type name after {@code ::} or {@code AS}. */
    private static final Set<String> TYPE_WORDS = Set.of("varying", "precision", "without", "with", "time", "zone");
    /** Words that end an operand, so they can never be read as a column name. */
    private static final Set<String> NUMERIC_TYPES = Set.of("smallint", "int", "integer", "bigint", "int2", "int4",
            "int8", "numeric", "decimal", "real", "float", "float4", "float8", "double", "tinyint");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "is", "in", "like", "ilike", "between",
            "as", "when", "then", "else", "end", "at", "any", "some", "all");

    private final List<Token> tokens;
    private int position;

    private ExpressionParser(String text) {
        this.tokens = tokenize(text);
    }

    static Expr parse(String text) {
        ExpressionParser parser = new ExpressionParser(text);
        Expr expr = parser.or();
        if (parser.peek().kind != Kind.END) {
            throw new Unsupported("unexpected '" + parser.peek().text + "'");
        }
        return expr;
    }

    // ---------------------------------------------------------------- grammar, loosest first

    private Expr or() {
        List<Expr> operands = new ArrayList<>(List.of(and()));
        while (acceptWord("or")) {
            operands.add(and());
        }
        return operands.size() == 1 ? operands.get(0) : new Expr.Logic("or", operands);
    }

    private Expr and() {
        List<Expr> operands = new ArrayList<>(List.of(not()));
        while (acceptWord("and")) {
            operands.add(not());
        }
        return operands.size() == 1 ? operands.get(0) : new Expr.Logic("and", operands);
    }

    private Expr not() {
        return acceptWord("not") ? new Expr.Not(not()) : predicate();
    }

    private Expr predicate() {
        Expr left = additive();
        Token next = peek();
        if (next.kind == Kind.SYMBOL && COMPARISONS.contains(next.text)) {
            position++;
            String op = next.text.equals("!=") ? "<>" : next.text;
            if ((peek().isWord("any") || peek().isWord("some") || peek().isWord("all")) && peek(1).is("(")) {
                return quantified(left, op, next().text.toLowerCase(Locale.ROOT));
            }
            return new Expr.Compare(op, left, additive());
        }
        if (acceptWord("is")) {
            boolean negated = acceptWord("not");
            if (acceptWord("null")) {
                return new Expr.IsNull(left, negated);
            }
            Token value = next();
            if (value.isWord("true") || value.isWord("false")) {
                return new Expr.Compare(negated ? "is not" : "is", left, new Expr.Lit(value.text.toLowerCase(Locale.ROOT)));
            }
            throw new Unsupported("IS " + value.text);
        }
        boolean negated = peek().isWord("not")
                && (peek(1).isWord("in") || peek(1).isWord("like") || peek(1).isWord("ilike") || peek(1).isWord("between"));
        if (negated) {
            position++;
        }
        if (acceptWord("in")) {
            expect("(");
            List<Expr> values = expressions();
            expect(")");
            return new Expr.In(left, values, negated);
        }
        if (peek().isWord("like") || peek().isWord("ilike")) {
            String op = next().text.toLowerCase(Locale.ROOT);
            return new Expr.Compare(negated ? "not " + op : op, left, additive());
        }
        if (acceptWord("between")) {
            Expr low = additive();
            expectWord("and");
            return new Expr.Between(left, low, additive(), negated);
        }
        if (negated) {
            throw new Unsupported("NOT without IN, LIKE or BETWEEN");
        }
        return left;
    }

    /** {@code x = ANY (ARRAY[...])} is PostgreSQL's deparsed {@code IN}; {@code x <> ALL (...)} its {@code NOT IN}. */
    private Expr quantified(Expr left, String op, String quantifier) {
        expect("(");
        Expr operand = or();
        expect(")");
        if (operand instanceof Expr.ArrayOf array) {
            if (op.equals("=") && !quantifier.equals("all")) {
                return new Expr.In(left, array.items(), false);
            }
            if (op.equals("<>") && quantifier.equals("all")) {
                return new Expr.In(left, array.items(), true);
            }
        }
        return new Expr.Compare(op, left, new Expr.Call(quantifier, List.of(operand)));
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (peek().is("+") || peek().is("-") || peek().is("||")) {
            String op = next().text;
            left = new Expr.Arith(op, left, multiplicative());
        }
        return left;
    }

    private Expr multiplicative() {
        Expr left = unary();
        while (peek().is("*") || peek().is("/") || peek().is("%")) {
            String op = next().text;
            left = new Expr.Arith(op, left, unary());
        }
        return left;
    }

    private Expr unary() {
        if (accept("-")) {
            Expr operand = unary();
            if (operand instanceof Expr.Lit lit && !lit.isString() && Character.isDigit(lit.text().charAt(0))) {
                return new Expr.Lit("-" + lit.text());
            }
            return new Expr.Neg(operand);
        }
        if (accept("+")) {
            return unary();
        }
        return postfix();
    }

    private Expr postfix() {
        Expr expr = primary();
        while (true) {
            if (accept("::")) {
                expr = cast(expr, type());
            } else if (peek().isWord("at") && peek(1).isWord("time") && peek(2).isWord("zone")) {
                position += 3;
                Expr zone = primary();
                while (accept("::")) {
                    type();
                }
                expr = new Expr.AtTimeZone(expr, zone);
            } else {
                return expr;
            }
        }
    }

    private Expr primary() {
        Token token = next();
        switch (token.kind) {
            case NUMBER:
                return new Expr.Lit(token.text);
            case STRING:
                return new Expr.Lit("'" + token.text.replace("'", "''") + "'");
            case QUOTED:
                return nameOrCall(token);
            case SYMBOL:
                if (token.is("(")) {
                    Expr inner = or();
                    expect(")");
                    return inner;
                }
                throw new Unsupported("unexpected '" + token.text + "'");
            case WORD:
                return word(token);
            default:
                throw new Unsupported("unexpected end");
        }
    }

    private Expr word(Token token) {
        String lower = token.text.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "true", "false", "null":
                return new Expr.Lit(lower);
            case "cast":
                if (peek().is("(")) {
                    position++;
                    Expr value = or();
                    expectWord("as");
                    String type = type();
                    expect(")");
                    return cast(value, type);
                }
                break;
            case "array":
                if (accept("[")) {
                    List<Expr> items = peek().is("]") ? List.of() : expressions();
                    expect("]");
                    return new Expr.ArrayOf(items);
                }
                break;
            case "case":
                return caseExpression();
            default:
                if (KEYWORDS.contains(lower)) {
                    throw new Unsupported("unexpected '" + token.text + "'");
                }
        }
        return nameOrCall(token);
    }

    private Expr caseExpression() {
        Expr subject = peek().isWord("when") ? null : or();
        List<Expr> whens = new ArrayList<>();
        while (acceptWord("when")) {
            whens.add(or());
            expectWord("then");
            whens.add(or());
        }
        Expr otherwise = acceptWord("else") ? or() : null;
        expectWord("end");
        return new Expr.Case(subject, whens, otherwise);
    }

    /** A possibly qualified name, and a function call when an argument list follows. */
    private Expr nameOrCall(Token first) {
        List<Token> parts = new ArrayList<>(List.of(first));
        while (accept(".")) {
            Token part = next();
            if (part.kind != Kind.WORD && part.kind != Kind.QUOTED) {
                throw new Unsupported("a name must follow '.'");
            }
            parts.add(part);
        }
        if (!accept("(")) {
            return new Expr.Ref(parts.stream().map(Token::text).toList());
        }
        List<Expr> args;
        if (accept(")")) {
            args = List.of();
        } else if (accept("*")) {
            args = List.of(new Expr.Lit("*"));
            expect(")");
        } else {
            args = expressions();
            expect(")");
        }
        // Unquoted names are case-insensitive in both engines, quoted ones are not.
        String name = parts.stream()
                .map(p -> p.kind == Kind.WORD ? p.text.toLowerCase(Locale.ROOT) : Names.render(p.text))
                .reduce((a, b) -> a + "." + b).orElseThrow();
        return new Expr.Call(name, args);
    }

    /**
     * Casts are dropped, except that a numeric string cast to a number is the number: PostgreSQL
     * deparses a negative default as {@code '-1'::integer} where SQL Server stores {@code ((-1))}.
     */
    private static Expr cast(Expr value, String type) {
        if (value instanceof Expr.Lit lit && lit.isString() && NUMERIC_TYPES.contains(type)) {
            String text = lit.text().substring(1, lit.text().length() - 1);
            if (text.matches("-?[0-9]+(\\.[0-9]+)?")) {
                return new Expr.Lit(text);
            }
        }
        return value;
    }

    /**
     * Skips a type name ({@code character varying(20)}, {@code text[]}, {@code timestamp(6) without time zone})
     * and returns its first word in lower case.
     */
    private String type() {
        Token first = next();
        if (first.kind != Kind.WORD && first.kind != Kind.QUOTED) {
            throw new Unsupported("a type name must follow '::'");
        }
        String name = first.text.toLowerCase(Locale.ROOT);
        while (accept(".")) {
            name = next().text.toLowerCase(Locale.ROOT);
        }
        while (peek().kind == Kind.WORD && TYPE_WORDS.contains(peek().text.toLowerCase(Locale.ROOT))) {
            position++;
        }
        if (accept("(")) {
            while (!accept(")")) {
                if (next().kind == Kind.END) {
                    throw new Unsupported("unclosed type modifier");
                }
            }
            while (peek().kind == Kind.WORD && TYPE_WORDS.contains(peek().text.toLowerCase(Locale.ROOT))) {
                position++;
            }
        }
        while (peek().is("[") && peek(1).is("]")) {
            position += 2;
        }
        return name;
    }

    private List<Expr> expressions() {
        List<Expr> items = new ArrayList<>(List.of(or()));
        while (accept(",")) {
            items.add(or());
        }
        return items;
    }

    // ---------------------------------------------------------------- token helpers

    private Token peek() {
        return peek(0);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(position + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token token = peek();
        if (token.kind != Kind.END) {
            position++;
        }
        return token;
    }

    private boolean accept(String symbol) {
        if (peek().is(symbol)) {
            position++;
            return true;
        }
        return false;
    }

    private boolean acceptWord(String word) {
        if (peek().isWord(word)) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(String symbol) {
        if (!accept(symbol)) {
            throw new Unsupported("expected '" + symbol + "' but found '" + peek().text + "'");
        }
    }

    private void expectWord(String word) {
        if (!acceptWord(word)) {
            throw new Unsupported("expected " + word.toUpperCase(Locale.ROOT) + " but found '" + peek().text + "'");
        }
    }

    // ---------------------------------------------------------------- tokenizer

    private static final List<String> SYMBOLS = List.of(
            "!~*", "::", "<>", "!=", "<=", ">=", "||", "!~", "~*",
            "(", ")", ",", ".", "=", "<", ">", "+", "-", "*", "/", "%", "~", "[", "]");

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                i = string(text, i, tokens);
            } else if ((c == 'N' || c == 'n') && i + 1 < n && text.charAt(i + 1) == '\'') {
                // T-SQL's Unicode literal N'...' is the same string as PostgreSQL's '...'.
                i = string(text, i + 1, tokens);
            } else if (c == '"') {
                i = delimited(text, i, '"', tokens);
            } else if (c == '[' && !bracketIsSymbol(text, i, tokens)) {
                i = delimited(text, i, ']', tokens);
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
                int start = i;
                while (i < n && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
                if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
                    i++;
                    if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                        i++;
                    }
                    while (i < n && Character.isDigit(text.charAt(i))) {
                        i++;
                    }
                }
                tokens.add(new Token(Kind.NUMBER, text.substring(start, i)));
            } else if (Character.isLetter(c) || c == '_' || c == '@') {
                int start = i;
                i++;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == '$')) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, text.substring(start, i)));
            } else {
                String symbol = null;
                for (String candidate : SYMBOLS) {
                    if (text.startsWith(candidate, i)) {
                        symbol = candidate;
                        break;
                    }
                }
                if (symbol == null) {
                    throw new Unsupported("unexpected character '" + c + "'");
                }
                tokens.add(new Token(Kind.SYMBOL, symbol));
                i += symbol.length();
            }
        }
        tokens.add(new Token(Kind.END, "<end>"));
        return tokens;
    }

    /** {@code [} opens PostgreSQL's {@code ARRAY[...]} or a {@code type[]} suffix; anywhere else a T-SQL [name]. */
    private static boolean bracketIsSymbol(String text, int at, List<Token> tokens) {
        boolean afterArray = !tokens.isEmpty() && tokens.get(tokens.size() - 1).isWord("array");
        boolean emptyPair = at + 1 < text.length() && text.charAt(at + 1) == ']';
        return afterArray || emptyPair;
    }

    private static int string(String text, int quote, List<Token> tokens) {
        StringBuilder value = new StringBuilder();
        int i = quote + 1;
        while (true) {
            if (i >= text.length()) {
                throw new Unsupported("unterminated string");
            }
            char c = text.charAt(i);
            if (c == '\'') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i += 2;
                    continue;
                }
                tokens.add(new Token(Kind.STRING, value.toString()));
                return i + 1;
            }
            value.append(c);
            i++;
        }
    }

    /** A quoted name, {@code "..."} or {@code [...]}, with its closing character doubled inside. */
    private static int delimited(String text, int open, char close, List<Token> tokens) {
        StringBuilder value = new StringBuilder();
        int i = open + 1;
        while (true) {
            if (i >= text.length()) {
                throw new Unsupported("unterminated name");
            }
            char c = text.charAt(i);
            if (c == close) {
                if (i + 1 < text.length() && text.charAt(i + 1) == close) {
                    value.append(close);
                    i += 2;
                    continue;
                }
                tokens.add(new Token(Kind.QUOTED, value.toString()));
                return i + 1;
            }
            value.append(c);
            i++;
        }
    }
}
