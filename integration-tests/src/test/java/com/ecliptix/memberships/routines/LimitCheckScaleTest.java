package com.ecliptix.memberships.routines;

import static com.ecliptix.memberships.routines.Routines.initiate;
import static com.ecliptix.memberships.routines.Routines.login;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.ecliptix.memberships.schema.Engine;
import com.ecliptix.memberships.schema.throwaway.BulkHistory;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.Fixtures.Member;
import com.ecliptix.memberships.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.tools.json.JSONParser;
import org.jooq.tools.json.ParseException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every limit check stays an index range scan as the tables grow to millions of rows (contract, "Indexes").
 *
 * <p>Loads 1,000,000 login attempts and 1,000,000 verification flows over 100,000 phone numbers (plus
 * 200,000 membership attempts), with creation times spread over the past 30 days, vacuums and analyses them, and
 * asserts from {@code EXPLAIN (FORMAT JSON)} that each limit-check query of the routines, read from the
 * PostgreSQL migrations by its first line, reads its index by a range and
 * never scans a loaded table, under both custom and generic plans (PL/pgSQL switches to generic plans after a few
 * calls). It also prints the median latency of {@code LoginMembership} and {@code InitiateVerificationFlow} at
 * 10,000 and at 1,000,000 rows; timings are printed, never asserted.
 */
@DatabaseTest
class LimitCheckScaleTest {

    private static final int PHONES = 100_000;
    private static final int SMALL = 10_000;
    private static final int LARGE = 1_000_000;
    private static final int MEMBERSHIP_ATTEMPTS = 200_000;
    private static final int DEVICES = 1_000;
    private static final int CALLS = 50;
    /** Calls before timing starts, so the JIT, the pool and PL/pgSQL's plan cache are warm at both sizes. */
    private static final int WARM_UP = 300;
    /** The tables this test fills to scale: no limit check may scan one of them. */
    private static final Set<String> LOADED_TABLES = Set.of("LoginAttempts", "VerificationFlows", "MembershipAttempts",
            "PhoneNumbers", "AppDevices");

    /**
     * One limit check: the statement of a migration that starts with the line {@code firstLine}, its PL/pgSQL
     * variables and the index it must range-scan.
     */
    private record Check(String name, String file, String firstLine, Map<String, String[]> variables, Set<String> indexes,
            List<String> rangeColumns) {
    }

    @Test
    void limitChecksStayIndexRangeScansAtAMillionRowsAndCallLatencyIsPrinted(TestDatabase db) throws Exception {
        Assumptions.assumeTrue(db.engine() == Engine.POSTGRESQL,
                "the plan checks read PostgreSQL's EXPLAIN (FORMAT JSON); SQL Server plans have another format");

        long started = System.nanoTime();
        BulkHistory history = BulkHistory.phonesAndDevices(db.ownerDataSource(), PHONES, DEVICES);
        // One statement wrote them: the identity values are consecutive, so flows address phones by Id arithmetic.
        assertEquals(PHONES - 1, db.queryLong("SELECT max(\"Id\") - min(\"Id\") FROM dbo.\"PhoneNumbers\" WHERE \"PhoneNumber\" LIKE '+447%'"));
        UUID device = new Fixtures(db).device();
        Member member = new Fixtures(db).activeMembership(new byte[] {1, 2, 3});
        db.update("INSERT INTO dbo.\"LoginAttempts\" (\"PhoneNumber\", \"Outcome\", \"IsSuccess\", \"CreatedAt\", \"UpdatedAt\")"
                + " SELECT ?, 'success', true, t, t FROM (SELECT ecliptix_internal.utc_now() - g * interval '3 days' AS t"
                + " FROM generate_series(1, 9) AS g) AS s", member.phone().number());

        history.attempts(1, SMALL).membershipAttempts(1, SMALL / 5).vacuumAnalyze("Memberships");
        assertEquals(SMALL, db.count("LoginAttempts", "\"PhoneNumber\" LIKE '+447%'"));
        double[] loginSmall = medianMillis(() -> login(db, member.phone().number()).getOutcome(), "success", () -> resetMember(db, member));
        double[] flowSmall = medianFlowCreation(db, device, 1_000);

        long loadStarted = System.nanoTime();
        history.attempts(SMALL + 1, LARGE).membershipAttempts(SMALL / 5 + 1, MEMBERSHIP_ATTEMPTS).vacuumAnalyze("Memberships");
        double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
        assertEquals(LARGE, db.count("LoginAttempts", "\"PhoneNumber\" LIKE '+447%'"));
        assertEquals(LARGE, db.count("VerificationFlows", "\"AppDeviceId\" <> ? AND \"PhoneNumberId\" IN (SELECT p.\"Id\""
                + " FROM dbo.\"PhoneNumbers\" AS p WHERE p.\"PhoneNumber\" LIKE '+447%')", device));

        List<Executable> planChecks = new ArrayList<>();
        for (Check check : checks(db)) {
            for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
                String plan = explain(db, check, mode);
                planChecks.add(() -> assertRangeScan(check, mode, plan));
            }
        }
        assertAll("limit-check plans at " + LARGE + " rows", planChecks);

        double[] loginLarge = medianMillis(() -> login(db, member.phone().number()).getOutcome(), "success", () -> resetMember(db, member));
        double[] flowLarge = medianFlowCreation(db, device, 2_000);

        System.out.printf(Locale.ROOT, "[scale] loaded %,d login attempts, %,d verification flows over %,d phones and %,d membership"
                + " attempts; the step from %,d to %,d rows took %.1f s (whole test so far %.1f s)%n",
                LARGE, LARGE, PHONES, MEMBERSHIP_ATTEMPTS, SMALL, LARGE, loadSeconds, (System.nanoTime() - started) / 1e9);
        print("LoginMembership (success)", loginSmall, loginLarge);
        print("InitiateVerificationFlow (created)", flowSmall, flowLarge);
    }

    // ------------------------------------------------------------------ the queries, as the migrations have them

    private static List<Check> checks(TestDatabase db) {
        String phone = "500";
        String number = "'" + db.queryString("SELECT \"PhoneNumber\" FROM dbo.\"PhoneNumbers\" WHERE \"PhoneNumber\" = "
                + BulkHistory.number(phone)) + "'";
        String phoneId = String.valueOf(db.queryLong("SELECT \"Id\" FROM dbo.\"PhoneNumbers\" WHERE \"PhoneNumber\" = " + number));
        String phoneUniqueId = "'" + db.queryString("SELECT \"UniqueId\"::text FROM dbo.\"PhoneNumbers\" WHERE \"PhoneNumber\" = " + number) + "'";
        String device = "'" + db.queryString("SELECT \"AppDeviceId\"::text FROM dbo.\"VerificationFlows\" WHERE \"PhoneNumberId\" = "
                + phoneId + " LIMIT 1") + "'";
        String now = "ecliptix_internal.utc_now()";
        Map<String, String[]> flowVariables = vars("v_phone_id", "bigint", phoneId, "v_now", "timestamp(6)", now,
                "p_app_device_id", "uuid", device, "p_purpose", "text", "'login'", "p_phone_unique_id", "uuid", phoneUniqueId);
        Map<String, String[]> loginVariables = vars("p_phone_number", "text", number, "p_now", "timestamp(6)", now,
                "v_now", "timestamp(6)", now, "v_window_minutes", "integer", "5", "p_window_minutes", "integer", "5",
                "p_since", "timestamp(6)", now + " - interval '24 hours'",
                "v_since", "timestamp(6)", now + " - interval '24 hours'", "v_max_failed", "integer", "5");
        Map<String, String[]> membershipVariables = vars("v_phone_unique_id", "uuid", phoneUniqueId,
                "v_window_start", "timestamp(6)", now + " - interval '1 hour'",
                "p_otp_id", "uuid", "gen_random_uuid()", "p_flow_id", "uuid", "gen_random_uuid()");
        Set<String> flowsByPhone = Set.of("IX_VerificationFlows_PhoneNumberId_CreatedAt");
        return List.of(
                new Check("InitiateVerificationFlow: flows of the phone in the last hour (Verification.MaxFlowsPerHour)",
                        "R__verification.sql", "SELECT c.max_flows, c.lifetime,", flowVariables, flowsByPhone, List.of("PhoneNumberId", "CreatedAt")),
                new Check("InitiateVerificationFlow: the live verified flow of the (device, phone, purpose)",
                        "R__verification.sql", "SELECT p.\"Id\",", flowVariables, Set.of("IX_VerificationFlows_Verified"),
                        List.of("AppDeviceId", "PhoneNumberId", "Purpose")),
                new Check("InitiateVerificationFlow: the live pending flow of the (device, phone, purpose)",
                        "R__verification.sql", "SELECT p.\"Id\",", flowVariables,
                        Set.of("UX_VerificationFlows_Pending", "IX_VerificationFlows_AppDeviceId_PhoneNumberId_Purpose"),
                        List.of("AppDeviceId", "PhoneNumberId", "Purpose")),
                new Check("LoginMembership: the phone's latest success (login_state)",
                        "R__login.sql", "SELECT s.since_at,", loginVariables, Set.of("IX_LoginAttempts_Successes"), List.of("PhoneNumber", "CreatedAt")),
                new Check("LoginMembership: the running lockout (login_state)",
                        "R__login.sql", "SELECT s.since_at,", loginVariables, Set.of("IX_LoginAttempts_Lockouts"), List.of("PhoneNumber", "CreatedAt")),
                new Check("LoginMembership: failures in the window after the latest success (Authentication.MaxFailedAttempts)",
                        "R__login.sql", "SELECT count(*) + 1 INTO v_failed_count", loginVariables, Set.of("IX_LoginAttempts_Failures"), List.of("PhoneNumber", "CreatedAt")),
                new Check("LoginMembership: lockouts of the last 24 hours (the doubling)",
                        "R__login.sql", "SELECT count(*) INTO v_lockout_count", loginVariables, Set.of("IX_LoginAttempts_Lockouts"), List.of("PhoneNumber", "CreatedAt")),
                new Check("CreateMembership: the phone's latest success in the hour",
                        "R__membership.sql", "SELECT c.max_failed, counted.failures, counted.oldest, m.\"UniqueId\", m.\"Status\",", membershipVariables, Set.of("IX_MembershipAttempts_Successes"), List.of("PhoneNumberId", "CreatedAt")),
                new Check("CreateMembership: failures in the hour after the latest success (Membership.MaxFailedAttemptsPerHour)",
                        "R__membership.sql", "SELECT c.max_failed, counted.failures, counted.oldest, m.\"UniqueId\", m.\"Status\",", membershipVariables, Set.of("IX_MembershipAttempts_Failures"), List.of("PhoneNumberId", "CreatedAt")));
    }

    /** name, type, value triples, in order. */
    private static Map<String, String[]> vars(String... triples) {
        Map<String, String[]> map = new LinkedHashMap<>();
        for (int i = 0; i < triples.length; i += 3) {
            map.put(triples[i], new String[] {triples[i + 1], triples[i + 2]});
        }
        return map;
    }


    /** Checks that the copy is still the migration's text, then EXPLAINs it as a prepared statement. */
    private static String explain(TestDatabase db, Check check, String planCacheMode) throws SQLException, ParseException {
        String sql = statement(check).replaceAll("(?s)\\s+INTO\\s+\\w+(\\s*,\\s*\\w+)*(?=\\s+FROM\\b)", "");
        List<String> types = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String[]> variable : check.variables().entrySet()) {
            Matcher uses = Pattern.compile("\\b" + variable.getKey() + "\\b").matcher(sql);
            if (uses.find()) {
                types.add(variable.getValue()[0]);
                values.add(variable.getValue()[1]);
                sql = uses.replaceAll(Matcher.quoteReplacement("$" + types.size()));
            }
        }
        if (Pattern.compile("\\b[pv]_\\w+").matcher(sql).find()) {
            fail(check.name() + ": a variable of the query has no test value: " + sql);
        }
        try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement()) {
            try {
                s.execute("SET plan_cache_mode = " + planCacheMode);
                s.execute("PREPARE limit_check(" + String.join(", ", types) + ") AS " + sql);
                try (ResultSet rs = s.executeQuery("EXPLAIN (FORMAT JSON) EXECUTE limit_check(" + String.join(", ", values) + ")")) {
                    rs.next();
                    return rs.getString(1);
                }
            } finally {
                s.execute("DEALLOCATE ALL");
                s.execute("RESET plan_cache_mode");
            }
        }
    }

    private static void assertRangeScan(Check check, String mode, String json) throws ParseException {
        List<Map<String, Object>> nodes = new ArrayList<>();
        collect(((List<?>) new JSONParser().parse(json)).get(0), nodes);
        String where = check.name() + " [" + mode + "]";
        for (Map<String, Object> node : nodes) {
            // The tables loaded here; a lookup in a table of a few fixture rows (a membership) may scan it.
            if ("Seq Scan".equals(node.get("Node Type")) && LOADED_TABLES.contains(node.get("Relation Name"))) {
                fail(where + ": Seq Scan on " + node.get("Relation Name") + "\n" + json);
            }
        }
        boolean found = false;
        for (Map<String, Object> node : nodes) {
            Object type = node.get("Node Type");
            if (Set.of("Index Scan", "Index Only Scan", "Bitmap Index Scan").contains(type)
                    && check.indexes().contains(node.get("Index Name"))) {
                String condition = String.valueOf(node.get("Index Cond"));
                for (String column : check.rangeColumns()) {
                    assertTrue(condition.contains("\"" + column + "\""),
                            where + ": " + type + " on " + node.get("Index Name") + " does not bound " + column + ": " + condition);
                }
                if (!found) {
                    System.out.printf(Locale.ROOT, "[scale] %-13s %-17s on %-55s %s%n", mode.replace("force_", "").replace("_plan", "") + " plan:", type,
                            node.get("Index Name"), check.name());
                }
                found = true;
            }
        }
        assertTrue(found, where + ": no index scan on " + check.indexes() + "\n" + json);
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<Map<String, Object>> out) {
        if (node instanceof Map<?, ?> map) {
            if (map.containsKey("Node Type")) {
                out.add((Map<String, Object>) map);
            }
            for (Object value : map.values()) {
                collect(value, out);
            }
        } else if (node instanceof List<?> list) {
            for (Object item : list) {
                collect(item, out);
            }
        }
    }

    /**
     * The statement as the migration has it, read from there so that the test plans what the routines run: from
     * its first line to its end (the semicolon, or the end of the SQL function's body), without comments.
     */
    private static String statement(Check check) {
        String migration = migration(check.file());
        int start = migration.indexOf(check.firstLine());
        if (start < 0 || migration.indexOf(check.firstLine(), start + 1) >= 0) {
            fail(check.name() + ": " + check.file() + " must hold the line `" + check.firstLine() + "` exactly once");
        }
        String rest = migration.substring(start).replaceAll("--[^\n]*", "");
        int semicolon = rest.indexOf(';');
        int body = rest.indexOf("$$");
        return rest.substring(0, body >= 0 && body < semicolon ? body : semicolon).strip();
    }

    private static String migration(String file) {
        try (InputStream in = LimitCheckScaleTest.class.getClassLoader().getResourceAsStream("db/migration/postgresql/" + file)) {
            if (in == null) {
                throw new IllegalStateException("db/migration/postgresql/" + file + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ timing

    /** Keeps the member's own recent rows the same at both sizes (each timed login logs a success). */
    private static void resetMember(TestDatabase db, Member member) {
        db.update("DELETE FROM dbo.\"LoginAttempts\" WHERE \"PhoneNumber\" = ? AND \"CreatedAt\" > ecliptix_internal.utc_now() - interval '1 day'",
                member.phone().number());
    }

    /** Median and fastest wall time of a call, after a warm-up; each call must answer the expected outcome. */
    private static double[] medianMillis(Supplier<String> call, String expected, Runnable reset) {
        reset.run();
        for (int i = 0; i < WARM_UP; i++) {
            assertEquals(expected, call.get());
        }
        reset.run();
        double[] millis = new double[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long t = System.nanoTime();
            String outcome = call.get();
            millis[i] = (System.nanoTime() - t) / 1e6;
            assertEquals(expected, outcome);
        }
        return new double[] {median(millis), Arrays.stream(millis).min().orElseThrow()};
    }

    /** Median time of InitiateVerificationFlow creating a flow for loaded phones it has not seen (no pending flow, under the hourly limit). */
    private static double[] medianFlowCreation(TestDatabase db, UUID device, int firstPhone) {
        List<UUID> phones = new ArrayList<>();
        for (int i = 0; i < WARM_UP + CALLS; i++) {
            phones.add(UUID.fromString(db.queryString("SELECT \"UniqueId\"::text FROM dbo.\"PhoneNumbers\" WHERE \"PhoneNumber\" = "
                    + BulkHistory.number(Integer.toString(firstPhone + i)))));
        }
        int[] next = {0};
        return medianMillis(() -> initiate(db, device, phones.get(next[0]++), "login", null).getOutcome(), "created", () -> { });
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void print(String routine, double[] small, double[] large) {
        System.out.printf(Locale.ROOT, "[scale] %-36s %d calls, median (fastest): %,9d rows %6.3f ms (%6.3f) | %,9d rows %6.3f ms (%6.3f)"
                + " | ratio %.2f (%.2f)%n",
                routine, CALLS, SMALL, small[0], small[1], LARGE, large[0], large[1], large[0] / small[0], large[1] / small[1]);
    }
}
