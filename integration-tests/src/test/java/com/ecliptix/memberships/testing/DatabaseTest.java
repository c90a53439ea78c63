package com.ecliptix.memberships.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test class that runs against a migrated throwaway database of its own; see {@link ThrowawayDatabaseExtension}. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ThrowawayDatabaseExtension.class)
public @interface DatabaseTest {
}
