package com.ecliptix.memberships.schema.catalog;

import com.ecliptix.memberships.schema.TsqlBatches;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * T-SQL text cut into tokens, the package's one reading of comments, literals and names: a string
 * literal ({@code '...'}, {@code ''} a quote inside; the {@code N} of {@code N'...'} is a word of its
 * own), a {@code [bracketed]} or {@code "quoted"} name ({@code ]]} and {@code ""} inside), a {@code --}
 * or (nested) block comment, a run of whitespace, a word ({@code @}, {@code #} and {@code $} included)
 * or any other single character. An unclosed literal, name or comment runs to the end of the text.
 */
final class TsqlText {

    enum Kind { LITERAL, NAME, COMMENT, SPACE, WORD, OTHER }

    record Token(Kind kind, String text) {
        boolean is(String other) {
            return text.equals(other);
        }
    }

    /**
     * One group a kind, in the order of {@link Kind}. Quoted runs are possessive, so that a long literal
     * does not recurse once a character; a block comment is only opened here, as block comments nest.
     */
    private static final Pattern TOKEN = Pattern.compile(String.join("|",
            "('[^']*+(?:''[^']*+)*+'?)",
            "(\\[[^\\]]*+(?:]][^\\]]*+)*+]?|\"[^\"]*+(?:\"\"[^\"]*+)*+\"?)",
            "(--[^\\n]*+|/\\*)",
            "(\\p{javaWhitespace}++)",
            "([\\p{L}\\p{Nd}_@#$]++)",
            "(.)"), Pattern.DOTALL);

    private static final Pattern BLOCK_COMMENT_DELIMITER = Pattern.compile("/\\*|\\*/");

    private TsqlText() {
    }

    /** A script's batches: the text between lines that hold only GO (and maybe a -- comment). */
    static List<String> batches(String script) {
        return TsqlBatches.of(script);
    }

    static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        Matcher token = TOKEN.matcher(text);
        int start = 0;
        while (start < text.length()) {
            token.region(start, text.length()).lookingAt();
            int group = 1;
            while (token.group(group) == null) {
                group++;
            }
            int end = token.group().equals("/*") ? blockCommentEnd(text, start) : token.end();
            tokens.add(new Token(Kind.values()[group - 1], text.substring(start, end)));
            start = end;
        }
        return tokens;
    }

    /**
     * A list's items, split at its top-level commas (not those inside parentheses, literals or names),
     * each as its tokens; the list ends at an unmatched {@code )} or at a top-level token {@code end} accepts.
     */
    static List<List<Token>> items(List<Token> tokens, Predicate<Token> end) {
        List<List<Token>> items = new ArrayList<>();
        List<Token> item = new ArrayList<>();
        int depth = 0;
        for (Token token : tokens) {
            depth += token.is("(") ? 1 : token.is(")") ? -1 : 0;
            if (depth < 0 || depth == 0 && end.test(token)) {
                break;
            }
            if (depth == 0 && token.is(",")) {
                items.add(item);
                item = new ArrayList<>();
            } else {
                item.add(token);
            }
        }
        items.add(item);
        return items;
    }

    /** The text with each comment replaced by one space. */
    static String withoutComments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        tokens(text).forEach(t -> out.append(t.kind() == Kind.COMMENT ? " " : t.text()));
        return out.toString();
    }

    /** After the block comment opening at {@code start}, or the end of the text when it is not closed. */
    private static int blockCommentEnd(String text, int start) {
        Matcher delimiter = BLOCK_COMMENT_DELIMITER.matcher(text).region(start, text.length());
        int depth = 0;
        while (delimiter.find()) {
            depth += delimiter.group().equals("/*") ? 1 : -1;
            if (depth == 0) {
                return delimiter.end();
            }
        }
        return text.length();
    }
}
