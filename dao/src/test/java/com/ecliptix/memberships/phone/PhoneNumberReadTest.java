package com.ecliptix.memberships.phone;

import static com.ecliptix.memberships.generated.Tables.GET_PHONE_NUMBER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.internal.OneConnection;
import com.ecliptix.memberships.internal.RoutineCalls;
import com.ecliptix.memberships.internal.domain.DefaultPhoneNumbers;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.MockConnection;
import org.jooq.tools.jdbc.MockResult;
import org.junit.jupiter.api.Test;

/**
 * A table-valued function's row becomes its generated record, which jOOQ builds by reflection. Surefire
 * runs the dao's tests on the module path, so this fails when module-info does not open the records to
 * jOOQ.
 */
class PhoneNumberReadTest {

    @Test
    void aPhoneNumberRowIsReadIntoTheGeneratedRecord() {
        UUID id = UUID.randomUUID();
        DSLContext rows = DSL.using(SQLDialect.POSTGRES);
        // The function's columns in the generated table's order, as the database would return them.
        Result<Record> result = rows.newResult(GET_PHONE_NUMBER.fields());
        Record row = rows.newRecord(GET_PHONE_NUMBER.fields());
        row.set(GET_PHONE_NUMBER.UNIQUE_ID, id);
        row.set(GET_PHONE_NUMBER.PHONE_NUMBER, "+14155550100");
        row.set(GET_PHONE_NUMBER.REGION, "US");
        result.add(row);
        RoutineCalls routines = OneConnection.routines(
                new MockConnection(context -> new MockResult[] {new MockResult(1, result)}));

        PhoneNumber found = new DefaultPhoneNumbers(routines).find(id).orElseThrow();

        assertEquals(new PhoneNumber(id, "+14155550100", Optional.of("US")), found);
        assertTrue(PhoneNumbers.class.getModule().isNamed(), "surefire runs the dao's tests on the module path");
        assertEquals(PhoneNumberReadTest.class.getModule(), PhoneNumbers.class.getModule(), "the test is patched into the module");
    }
}
