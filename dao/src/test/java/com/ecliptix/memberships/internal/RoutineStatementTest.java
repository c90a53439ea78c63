package com.ecliptix.memberships.internal;

import static com.ecliptix.memberships.generated.Tables.GET_PHONE_NUMBER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.ecliptix.memberships.generated.routines.CreateMembership;
import com.ecliptix.memberships.generated.routines.GetConfigValue;
import com.ecliptix.memberships.generated.routines.LoginMembership;
import com.ecliptix.memberships.generated.routines.VerifyOtp;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;
import org.jooq.Parameter;
import org.junit.jupiter.api.Test;

/**
 * The JDBC statements the API runs in place of jOOQ's execute, per engine (the SQL Server texts run nowhere
 * in this build), and the misuses they refuse before anything reaches the database.
 */
class RoutineStatementTest {

    @Test
    void aProcedureIsPostgresCallOrTheJdbcCallEscapeOnSqlServer() {
        assertEquals("CALL \"dbo\".\"LoginMembership\"(?, ?, ?, ?, ?, ?)",
                new RoutineStatement(new LoginMembership(), true).sql());
        assertEquals("{ call \"dbo\".\"LoginMembership\"(?, ?, ?, ?, ?, ?) }",
                new RoutineStatement(new LoginMembership(), false).sql());
    }

    @Test
    void aScalarFunctionReturnsItsValueAsTheFirstPlaceholderOnBothEngines() {
        assertEquals("{ ? = call \"dbo\".\"GetConfigValue\"(?) }", new RoutineStatement(new GetConfigValue(), true).sql());
        assertEquals("{ ? = call \"dbo\".\"GetConfigValue\"(?) }", new RoutineStatement(new GetConfigValue(), false).sql());
    }

    @Test
    void aTableValuedFunctionsColumnsAreQualifiedByItsAlias() {
        assertEquals("SELECT f.\"PhoneNumber\", f.\"Region\", f.\"UniqueId\" FROM \"dbo\".\"GetPhoneNumber\"(?) AS f",
                new TableFunctionStatement(GET_PHONE_NUMBER, false).sql());
    }

    @Test
    void anInputTheRoutineDoesNotHaveIsRefusedBeforeTheCall() {
        NoDatabase database = new NoDatabase();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> database.routines().call(
                RoutineCall.of(LoginMembership.class).set(CreateMembership.FLOW_UNIQUE_ID, UUID.randomUUID())));
        assertEquals("LoginMembership has no input FlowUniqueId", e.getMessage());
        assertEquals(0, database.statements());
    }

    @Test
    void aTableValuedFunctionCalledWithTheWrongArgumentsIsRefusedBeforeTheCall() {
        NoDatabase database = new NoDatabase();
        assertThrows(IllegalArgumentException.class, () -> database.routines().fetchOne(GET_PHONE_NUMBER, "+15550001111"));
        assertThrows(IllegalArgumentException.class, () -> database.routines().fetchOne(GET_PHONE_NUMBER));
        assertEquals(0, database.statements());
    }

    @Test
    void anInputSetTwiceOrOfAnotherRoutineWithTheSameNameIsRefused() {
        NoDatabase database = new NoDatabase();
        UUID flow = UUID.randomUUID();
        assertEquals("CreateMembership: an input is set twice", assertThrows(IllegalArgumentException.class, () ->
                database.routines().call(RoutineCall.of(CreateMembership.class)
                        .set(CreateMembership.FLOW_UNIQUE_ID, flow).set(CreateMembership.FLOW_UNIQUE_ID, flow))).getMessage());
        assertEquals("CreateMembership has no input FlowUniqueId", assertThrows(IllegalArgumentException.class, () ->
                database.routines().call(RoutineCall.of(CreateMembership.class)
                        .set(VerifyOtp.FLOW_UNIQUE_ID, flow))).getMessage());
        assertEquals(0, database.statements());
    }

    @Test
    void anOutputIsReadOnlyByAParameterOfTheSameRoutine() {
        Map<Parameter<?>, Object> values = new IdentityHashMap<>();
        values.put(LoginMembership.OUTCOME, "success");
        Outputs outputs = new Outputs("LoginMembership", values);
        assertEquals("success", outputs.get(LoginMembership.OUTCOME));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> outputs.get(CreateMembership.OUTCOME));
        assertEquals("Outcome is not an output of LoginMembership", e.getMessage());
    }
}
