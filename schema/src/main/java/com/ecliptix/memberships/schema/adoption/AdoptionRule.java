package com.ecliptix.memberships.schema.adoption;

import java.util.Arrays;

/**
 * The rules that decide what becomes of a legacy row the baseline's schema would refuse or read
 * differently, each chosen so that no limit or lockout in force is lost and no row a user could still
 * need is deleted (rows are soft-deleted or changed, never removed). The SQL that applies them is
 * {@code adoption/sqlserver/stage.sql}; docs/adopting.md explains each.
 */
public enum AdoptionRule {

    PHONE_DUPLICATE("phone-duplicate", "one live row per number: the newest live row stays, the others are"
            + " soft-deleted and every row referring to them moves to the one that stays"),
    CODE_CASE("code-case", "statuses, purposes and creation statuses are compared exactly: written in lower case"),
    PENDING_FLOW_DUPLICATE("pending-flow-duplicate", "one live pending flow per device, phone and purpose:"
            + " the newest stays pending, the others become expired"),
    OTP_ACTIVE_DUPLICATE("otp-active-duplicate", "one active OTP per flow: the newest stays active, the others"
            + " are deactivated"),
    PRIMARY_DEVICE_DUPLICATE("primary-device-duplicate", "one live primary device per phone: the most recently"
            + " linked stays primary, the others stay linked as secondary devices"),
    MEMBERSHIP_DUPLICATE("membership-duplicate", "one live membership per phone: the newest (the one the legacy"
            + " login used) stays, the others are soft-deleted with their keys"),
    CREATION_STATUS_MISSING("creation-status-missing", "CreationStatus is required: secure_key_set with a"
            + " secure key, otp_verified without"),
    ATTEMPT_TIME("attempt-time", "limits count by CreatedAt: it takes the legacy Timestamp / AttemptTime"),
    LOCKOUT_MARKER("lockout-marker", "a 'LOCKED_UNTIL:<time>' attempt becomes a locked_out attempt with"
            + " LockedUntil = <time>: a running lockout keeps running"),
    LOCKOUT_MARKER_UNREADABLE("lockout-marker-unreadable", "a marker without a readable time locked nothing:"
            + " a locked_out attempt without LockedUntil"),
    LOCKOUT_KEPT_PAST_SUCCESS("lockout-kept-past-success", "a running lockout that a success logged during it"
            + " would end under the new rules: its CreatedAt becomes the adoption time"),
    LOGIN_WAIT_MINUTES("login-wait-minutes", "a login attempt logged with the minutes to wait: locked_out,"
            + " which counts toward nothing"),
    MEMBERSHIP_WAIT_MINUTES("membership-wait-minutes", "a membership attempt logged with the minutes to wait:"
            + " rate_limited"),
    MEMBERSHIP_SUCCESS_NOT_RESET("membership-success-not-reset", "a success other than created in the last hour,"
            + " which did not clear failures under the legacy rules: soft-deleted, so it clears none now"),
    RATE_LIMIT_HELD_BY_REFUSALS("rate-limit-held-by-refusals", "a phone refused by the legacy count, which"
            + " counted refusals: its refusals of the last hour count on as rate_limited_legacy"),
    OUTCOME_TOO_LONG("outcome-too-long", "Outcome is 50 characters wide: a longer one keeps its first 50");

    private final String code;
    private final String statement;

    AdoptionRule(String code, String statement) {
        this.code = code;
        this.statement = statement;
    }

    /** The rule's name in reports and docs, e.g. {@code phone-duplicate}. */
    public String code() {
        return code;
    }

    /** The rule in one sentence. */
    public String statement() {
        return statement;
    }

    static AdoptionRule ofCode(String code) {
        return Arrays.stream(values()).filter(rule -> rule.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalStateException("The adoption script logged an unknown rule: " + code));
    }
}
