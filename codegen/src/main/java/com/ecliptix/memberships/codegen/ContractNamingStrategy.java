package com.ecliptix.memberships.codegen;

import java.util.regex.Pattern;
import org.jooq.meta.Definition;
import org.jooq.meta.ForeignKeyDefinition;
import org.jooq.meta.InverseForeignKeyDefinition;
import org.jooq.codegen.DefaultGeneratorStrategy;

/**
 * Keeps the contract's PascalCase names in generated Java: {@code RegisterAppDeviceIfNotExists} stays a
 * class of that name (jOOQ's default would make it {@code Registerappdeviceifnotexists}), parameter
 * {@code DeviceUniqueId} gets {@code setDeviceUniqueId}/{@code getDeviceUniqueId}, and constants become
 * {@code REGISTER_APP_DEVICE_IF_NOT_EXISTS}. Names that are not plain PascalCase are left to jOOQ.
 */
public class ContractNamingStrategy extends DefaultGeneratorStrategy {

    private static final Pattern PASCAL_CASE = Pattern.compile("[A-Z][A-Za-z0-9]*");
    private static final Pattern IDENTIFIER_WORDS = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern WORD_BOUNDARY = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

    @Override
    public String getJavaClassName(Definition definition, Mode mode) {
        String name = definition.getOutputName();
        if (!PASCAL_CASE.matcher(name).matches()) {
            return super.getJavaClassName(definition, mode);
        }
        return switch (mode) {
            case RECORD -> name + "Record";
            case DAO -> name + "Dao";
            case INTERFACE -> "I" + name;
            case PATH -> name + "Path";
            default -> name;
        };
    }

    @Override
    public String getJavaMemberName(Definition definition, Mode mode) {
        String name = definition.getOutputName();
        if (!PASCAL_CASE.matcher(name).matches()) {
            return super.getJavaMemberName(definition, mode);
        }
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    @Override
    public String getJavaSetterName(Definition definition, Mode mode) {
        String name = definition.getOutputName();
        return PASCAL_CASE.matcher(name).matches() ? "set" + name : super.getJavaSetterName(definition, mode);
    }

    @Override
    public String getJavaGetterName(Definition definition, Mode mode) {
        String name = definition.getOutputName();
        return PASCAL_CASE.matcher(name).matches() ? "get" + name : super.getJavaGetterName(definition, mode);
    }

    @Override
    public String getJavaMethodName(Definition definition, Mode mode) {
        String name = definition.getOutputName();
        if (!PASCAL_CASE.matcher(name).matches()
                || definition instanceof ForeignKeyDefinition
                || definition instanceof InverseForeignKeyDefinition) {
            return super.getJavaMethodName(definition, mode);
        }
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    @Override
    public String getJavaIdentifier(Definition definition) {
        String name = definition.getOutputName();
        if (definition instanceof ForeignKeyDefinition fk) {
            return upperSnake(fk.getTable().getOutputName()) + "__" + upperSnake(name);
        }
        if (definition instanceof InverseForeignKeyDefinition fk) {
            return upperSnake(fk.getReferencingTable().getOutputName()) + "__" + upperSnake(name);
        }
        return IDENTIFIER_WORDS.matcher(name).matches() && !name.equals(name.toLowerCase())
                ? upperSnake(name)
                : super.getJavaIdentifier(definition);
    }

    private static String upperSnake(String name) {
        return WORD_BOUNDARY.matcher(name).replaceAll("_").toUpperCase().replace("__", "_");
    }
}
