package com.ecliptix.memberships.schema.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Re-spells the names of a catalog read from Babelfish as the contract spells them. Babelfish's catalog views
 * report names folded to lower case ({@code appdevices}, {@code @configkey}), and an index created with CREATE
 * INDEX under its PostgreSQL name ({@link #babelfishIndexName}). T-SQL names are case-insensitive, so a
 * name that equals a contract name ignoring case is that contract object; a name the contract lacks keeps the
 * engine's spelling and shows as an addition. Names inside expressions (checks, index filters, defaults) are
 * left as they are.
 */
final class ContractSpelling {

    /** PostgreSQL's longest name (NAMEDATALEN - 1), and the length of an MD5 in hex. */
    private static final int LONGEST_NAME = 63;
    private static final int MD5_LENGTH = 32;

    private final Catalog contract;

    private ContractSpelling(Catalog contract) {
        this.contract = contract;
    }

    /** The catalog with every name that the contract has, ignoring case, spelled as the contract spells it. */
    static Catalog respell(Catalog actual, Catalog contract) {
        ContractSpelling spelling = new ContractSpelling(contract);
        return new Catalog(actual.engine(), actual.tables().stream().map(spelling::table).toList(),
                actual.routines().stream().map(spelling::routine).toList(), actual.notCompared());
    }

    /**
     * The name Babelfish gives an index that CREATE INDEX names {@code index} on {@code table}, so that it is unique
     * in the PostgreSQL schema: index name, table name and the MD5 of the index name, in lower case; a name longer
     * than PostgreSQL's 63 characters becomes its first 31 and the MD5 of all of it, as Babelfish shortens every
     * long identifier.
     */
    static String babelfishIndexName(String index, String table) {
        String lower = index.toLowerCase(Locale.ROOT);
        String full = lower + table.toLowerCase(Locale.ROOT) + md5(lower);
        return full.length() <= LONGEST_NAME ? full : full.substring(0, LONGEST_NAME - MD5_LENGTH) + md5(full);
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this Java runtime", e);
        }
    }

    private static String spelled(String name, Collection<String> contractNames) {
        return contractNames.stream().filter(n -> n.equalsIgnoreCase(name)).findFirst().orElse(name);
    }

    private static <T> List<String> names(List<T> items, Function<T, String> name) {
        return items.stream().map(name).toList();
    }

    private Optional<Table> contractTable(String name) {
        return contract.table(name);
    }

    private Table table(Table table) {
        String name = spelled(table.name(), names(contract.tables(), Table::name));
        Optional<Table> model = contractTable(name);
        List<String> columns = model.map(t -> names(t.columns(), Column::name)).orElse(List.of());
        return new Table(name,
                table.columns().stream().map(c -> new Column(spelled(c.name(), columns), c.type(), c.nullable(),
                        c.identity(), c.defaultValue())).toList(),
                table.keys().stream().map(k -> new KeyConstraint(
                        spelled(k.name(), model.map(t -> names(t.keys(), KeyConstraint::name)).orElse(List.of())),
                        k.primary(), k.columns().stream().map(c -> spelled(c, columns)).toList())).toList(),
                table.foreignKeys().stream().map(fk -> foreignKey(fk, model, columns)).toList(),
                table.checks().stream().map(c -> new CheckConstraint(
                        spelled(c.name(), model.map(t -> names(t.checks(), CheckConstraint::name)).orElse(List.of())),
                        c.expression(), c.enabled())).toList(),
                table.indexes().stream().map(i -> index(i, name, model, columns)).toList(),
                table.triggers().stream().map(tr -> new Trigger(
                        spelled(tr.name(), model.map(t -> names(t.triggers(), Trigger::name)).orElse(List.of())),
                        tr.events(), tr.enabled())).toList());
    }

    private ForeignKey foreignKey(ForeignKey fk, Optional<Table> model, List<String> columns) {
        String referenced = spelled(fk.referencedTable(), names(contract.tables(), Table::name));
        List<String> referencedColumns = contractTable(referenced).map(t -> names(t.columns(), Column::name))
                .orElse(List.of());
        return new ForeignKey(spelled(fk.name(), model.map(t -> names(t.foreignKeys(), ForeignKey::name)).orElse(List.of())),
                fk.columns().stream().map(c -> spelled(c, columns)).toList(), referenced,
                fk.referencedColumns().stream().map(c -> spelled(c, referencedColumns)).toList(),
                fk.onDelete(), fk.onUpdate(), fk.enabled());
    }

    private Index index(Index index, String table, Optional<Table> model, List<String> columns) {
        List<String> contractIndexes = model.map(t -> names(t.indexes(), Index::name)).orElse(List.of());
        String name = spelled(index.name(), contractIndexes);
        if (name.equals(index.name())) {
            name = contractIndexes.stream().filter(n -> babelfishIndexName(n, table).equals(index.name())).findFirst()
                    .orElse(name);
        }
        return new Index(name, index.unique(), index.columns().stream().map(c -> keyColumn(c, columns)).toList(),
                index.included().stream().map(c -> keyColumn(c, columns)).toList(), index.filter(), index.enabled());
    }

    /** An index key as the readers render it: a column name, with " desc" for a descending key. */
    private static String keyColumn(String key, List<String> columns) {
        boolean descending = key.endsWith(" desc");
        String column = Names.parse(descending ? key.substring(0, key.length() - " desc".length()) : key);
        String spelled = spelled(column, columns);
        return spelled.equals(column) ? key : Names.render(spelled) + (descending ? " desc" : "");
    }

    private Routine routine(Routine routine) {
        String name = spelled(routine.name(), names(contract.routines(), Routine::name));
        Map<String, String> parameters = contract.routine(name)
                .map(r -> r.parameters().stream().collect(Collectors.toMap(p -> p.name().toLowerCase(Locale.ROOT), Parameter::name)))
                .orElse(Map.of());
        return new Routine(name, routine.kind(), routine.parameters().stream()
                .map(p -> new Parameter(p.position(), parameters.getOrDefault(p.name().toLowerCase(Locale.ROOT), p.name()),
                        p.mode(), p.type(), p.optional()))
                .toList(), routine.returns(), routine.bodyHash());
    }
}
