package com.ecliptix.memberships.schema.catalog;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A parsed SQL expression (a default, a check constraint, an index filter) as both engines' catalog
 * texts can express it. {@link #render()} prints the canonical text: lower-case keywords, bare names,
 * single spaces, and parentheses only where precedence needs them.
 */
sealed interface Expr {

    int OR = 1;
    int AND = 2;
    int NOT = 3;
    int PREDICATE = 4;
    int ADDITIVE = 5;
    int MULTIPLICATIVE = 6;
    int AT_TIME_ZONE = 7;
    int UNARY = 8;
    int PRIMARY = 9;

    int precedence();

    String render();

    /** The child's text, parenthesized when it binds looser than {@code minimum}. */
    static String wrap(Expr child, int minimum) {
        return child.precedence() < minimum ? "(" + child.render() + ")" : child.render();
    }

    static String list(List<Expr> items) {
        return items.stream().map(i -> wrap(i, OR)).collect(Collectors.joining(", "));
    }

    /** A literal or canonical word, already in its final text: {@code 'pending'}, {@code 0}, {@code false}, {@code now}. */
    record Lit(String text) implements Expr {
        public int precedence() {
            return PRIMARY;
        }

        public String render() {
            return text;
        }

        boolean isString() {
            return text.startsWith("'");
        }
    }

    /** A column (or qualified) reference; parts keep their case. */
    record Ref(List<String> parts) implements Expr {
        public Ref {
            parts = List.copyOf(parts);
        }

        public int precedence() {
            return PRIMARY;
        }

        public String render() {
            return parts.stream().map(Names::render).collect(Collectors.joining("."));
        }
    }

    /** A function call; {@code name} is already rendered (unquoted parts lower-cased). */
    record Call(String name, List<Expr> args) implements Expr {
        public Call {
            args = List.copyOf(args);
        }

        public int precedence() {
            return PRIMARY;
        }

        public String render() {
            return name + "(" + list(args) + ")";
        }
    }

    /** {@code and} / {@code or} over two or more operands. */
    record Logic(String op, List<Expr> operands) implements Expr {
        public Logic {
            operands = List.copyOf(operands);
        }

        public int precedence() {
            return op.equals("or") ? OR : AND;
        }

        public String render() {
            return operands.stream().map(o -> wrap(o, precedence() + 1)).collect(Collectors.joining(" " + op + " "));
        }
    }

    record Not(Expr operand) implements Expr {
        public int precedence() {
            return NOT;
        }

        public String render() {
            return "not " + wrap(operand, NOT);
        }
    }

    /** A comparison: {@code =}, {@code <>}, {@code <}, {@code like}, {@code ~}, {@code is}, ... */
    record Compare(String op, Expr left, Expr right) implements Expr {
        public int precedence() {
            return PREDICATE;
        }

        public String render() {
            return wrap(left, ADDITIVE) + " " + op + " " + wrap(right, ADDITIVE);
        }
    }

    record In(Expr subject, List<Expr> values, boolean negated) implements Expr {
        public In {
            values = List.copyOf(values);
        }

        public int precedence() {
            return PREDICATE;
        }

        public String render() {
            return wrap(subject, ADDITIVE) + (negated ? " not in (" : " in (") + list(values) + ")";
        }
    }

    record IsNull(Expr subject, boolean negated) implements Expr {
        public int precedence() {
            return PREDICATE;
        }

        public String render() {
            return wrap(subject, ADDITIVE) + (negated ? " is not null" : " is null");
        }
    }

    record Between(Expr subject, Expr low, Expr high, boolean negated) implements Expr {
        public int precedence() {
            return PREDICATE;
        }

        public String render() {
            return wrap(subject, ADDITIVE) + (negated ? " not between " : " between ") + wrap(low, ADDITIVE)
                    + " and " + wrap(high, ADDITIVE);
        }
    }

    /** Arithmetic and concatenation: {@code + - || * / %}. */
    record Arith(String op, Expr left, Expr right) implements Expr {
        public int precedence() {
            return op.equals("+") || op.equals("-") || op.equals("||") ? ADDITIVE : MULTIPLICATIVE;
        }

        public String render() {
            return wrap(left, precedence()) + " " + op + " " + wrap(right, precedence() + 1);
        }
    }

    record Neg(Expr operand) implements Expr {
        public int precedence() {
            return UNARY;
        }

        public String render() {
            return "-" + wrap(operand, UNARY);
        }
    }

    record AtTimeZone(Expr value, Expr zone) implements Expr {
        public int precedence() {
            return AT_TIME_ZONE;
        }

        public String render() {
            return wrap(value, AT_TIME_ZONE) + " at time zone " + wrap(zone, UNARY);
        }
    }

    record ArrayOf(List<Expr> items) implements Expr {
        public ArrayOf {
            items = List.copyOf(items);
        }

        public int precedence() {
            return PRIMARY;
        }

        public String render() {
            return "array[" + list(items) + "]";
        }
    }

    /** {@code case [subject] when c then r ... [else e] end}; {@code whens} alternate condition, result. */
    record Case(Expr subject, List<Expr> whens, Expr otherwise) implements Expr {
        public Case {
            whens = List.copyOf(whens);
        }

        public int precedence() {
            return PRIMARY;
        }

        public String render() {
            StringBuilder out = new StringBuilder("case");
            if (subject != null) {
                out.append(' ').append(wrap(subject, OR));
            }
            for (int i = 0; i < whens.size(); i += 2) {
                out.append(" when ").append(wrap(whens.get(i), OR)).append(" then ").append(wrap(whens.get(i + 1), OR));
            }
            if (otherwise != null) {
                out.append(" else ").append(wrap(otherwise, OR));
            }
            return out.append(" end").toString();
        }
    }
}
