package com.ecliptix.memberships.benchmarks.soak;

import com.ecliptix.memberships.EcliptixMemberships;
import com.ecliptix.memberships.EcliptixMembershipsException;
import com.ecliptix.memberships.device.DeviceRegistrationOutcome;
import com.ecliptix.memberships.login.LoginOutcome;
import com.ecliptix.memberships.membership.MembershipCreation;
import com.ecliptix.memberships.membership.MembershipCreationOutcome;
import com.ecliptix.memberships.membership.SecureKeyOutcome;
import com.ecliptix.memberships.session.SessionEndOutcome;
import com.ecliptix.memberships.session.SessionOpenOutcome;
import com.ecliptix.memberships.session.SessionOpening;
import com.ecliptix.memberships.session.SessionRefreshOutcome;
import com.ecliptix.memberships.session.SessionValidationOutcome;
import com.ecliptix.memberships.verification.FlowStartOutcome;
import com.ecliptix.memberships.verification.OtpCheck;
import com.ecliptix.memberships.verification.OtpCheckOutcome;
import com.ecliptix.memberships.verification.OtpCodeIssue;
import com.ecliptix.memberships.verification.OtpIssueOutcome;
import com.ecliptix.memberships.verification.Purpose;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The soak's callers: each thread picks one step after another, weighted, until the deadline:
 * <ul>
 *   <li>a registration (device, phone and flow, a generated code, up to two wrong codes, the right one, the
 *       membership, its key, a login, a session, its validation);</li>
 *   <li>a member's login and session (open, validate, then refresh or log out);</li>
 *   <li>a session for one of a few hot members, never ended, so that MaxContextsPerMembership replaces the oldest;</li>
 *   <li>a failed login for the hot unknown phone (a new one every {@link #HOT_SLOT}), which locks out at the 5th;</li>
 *   <li>a wrong code for the hot flow (a new one every {@link #HOT_SLOT}), which fails at the 5th.</li>
 * </ul>
 * Every answer is tallied by what it must have written, every call timed by name; a call that throws or
 * answers what the step does not allow ends the step and is counted.
 */
final class MixedTraffic {

    /** How long one hot phone or hot flow is hammered: shorter than the login window and the lockout (5 minutes). */
    static final Duration HOT_SLOT = Duration.ofSeconds(20);
    private static final int HOT_MEMBERS = 4;
    private static final int MIN_MEMBERS = 100;
    private static final byte[] SECURE_KEY = {1, 2, 3, 4, 5, 6, 7, 8};

    /** A registered member: what a login and a session need. */
    record Member(String phone, UUID membership, UUID device) {
    }

    /** A hot flow and a code that is not its code. */
    record HotFlow(UUID flow, String wrongCode) {
    }

    private final EcliptixMemberships api;
    private final Instant start;
    private final List<Member> members = new ArrayList<>();
    private final List<Member> hotMembers = new ArrayList<>();
    private final Map<Long, String> hotPhones = new ConcurrentHashMap<>();
    private final Map<Long, HotFlow> hotFlows = new ConcurrentHashMap<>();
    private final long firstPhone = ThreadLocalRandom.current().nextLong(2_000_000_000L, 9_000_000_000L);
    private final AtomicLong phones = new AtomicLong();
    /** What the callers were answered, by what it wrote: held against the database by {@link SoakChecks}. */
    final Tally answered = new Tally();
    /** Calls that threw, by call and exception. Expected: none. */
    final Tally errors = new Tally();
    /** Answers a step does not allow, by call and answer. Expected: none. */
    final Tally unexpected = new Tally();

    MixedTraffic(EcliptixMemberships api, Instant start) {
        this.api = api;
        this.start = start;
    }

    /** The hot members, registered before the soak starts. */
    void prepare(Timings timings) {
        for (int i = 0; i < HOT_MEMBERS; i++) {
            Member member = register(timings, ThreadLocalRandom.current());
            if (member == null) {
                throw new IllegalStateException("the hot members could not be registered: " + errors.snapshot() + unexpected.snapshot());
            }
            hotMembers.add(member);
        }
    }

    /** One thread's calls until the deadline. */
    void run(Timings timings, Instant deadline) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (Instant.now().isBefore(deadline)) {
            int pick = random.nextInt(100);
            if (pick < 30 || (pick < 55 && !enoughMembers())) {
                Member member = register(timings, random);
                if (member != null) {
                    synchronized (members) {
                        members.add(member);
                    }
                }
            } else if (pick < 55) {
                memberSession(timings, random);
            } else if (pick < 60) {
                hotMemberSession(timings, random);
            } else if (pick < 80) {
                hotPhoneLogin(timings);
            } else {
                hotFlowCheck(timings);
            }
        }
    }

    // ------------------------------------------------------------------ steps

    private Member register(Timings timings, ThreadLocalRandom random) {
        try {
            UUID device = expect("devices.register", call(timings, "devices.register",
                    () -> api.devices().register(UUID.randomUUID(), UUID.randomUUID())), r -> r.outcome() == DeviceRegistrationOutcome.CREATED)
                    .deviceUniqueId();
            String phone = uniquePhone();
            UUID flow = expect("verification.startForPhoneNumber", call(timings, "verification.startForPhoneNumber",
                    () -> api.verification().startForPhoneNumber(device, phone, "US", Purpose.REGISTRATION, null)),
                    s -> s.flow().outcome() == FlowStartOutcome.CREATED).flow().flowUniqueId().orElseThrow();
            OtpCodeIssue issue = expect("verification.issueCode", call(timings, "verification.issueCode",
                    () -> api.verification().issueCode(flow, Instant.now().plus(Duration.ofMinutes(5)))),
                    i -> i.outcome() == OtpIssueOutcome.CREATED);
            String code = issue.code().orElseThrow().digits();
            int wrong = random.nextInt(3);
            for (int i = 0; i < wrong; i++) {
                expect("verification.verifyCode (wrong)", call(timings, "verification.verifyCode (wrong)",
                        () -> api.verification().verifyCode(flow, wrongCode(code))), c -> c.outcome() == OtpCheckOutcome.INVALID_CODE);
                answered.add(SoakChecks.FAILED_OTP_CHECKS);
            }
            OtpCheck check = expect("verification.verifyCode (right)", call(timings, "verification.verifyCode (right)",
                    () -> api.verification().verifyCode(flow, code)), c -> c.outcome() == OtpCheckOutcome.VERIFIED);
            MembershipCreation created = expect("memberships.create", call(timings, "memberships.create",
                    () -> api.memberships().create(flow, null, check.otpUniqueId().orElseThrow())),
                    m -> m.outcome() == MembershipCreationOutcome.CREATED);
            UUID membership = created.membershipUniqueId().orElseThrow();
            expect("memberships.setSecureKey", call(timings, "memberships.setSecureKey",
                    () -> api.memberships().setSecureKey(membership, SECURE_KEY)), k -> k.outcome() == SecureKeyOutcome.UPDATED);
            answered.add(SoakChecks.ACTIVE_MEMBERSHIPS);
            Member member = new Member(phone, membership, device);
            login(timings, member);
            openAndValidate(timings, member);
            return member;
        } catch (Abandoned e) {
            return null;
        }
    }

    private void memberSession(Timings timings, ThreadLocalRandom random) {
        Member member;
        synchronized (members) {
            // Among a few members, more than MaxContextsPerMembership sessions could be open at once, and one
            // that a step is about to end could be replaced: a step of the hot members, not of these.
            if (members.size() < MIN_MEMBERS) {
                return;
            }
            member = members.get(random.nextInt(members.size()));
        }
        try {
            login(timings, member);
            UUID session = openAndValidate(timings, member);
            if (random.nextBoolean()) {
                expect("sessions.refresh", call(timings, "sessions.refresh", () -> api.sessions().refresh(session)),
                        r -> r.outcome() == SessionRefreshOutcome.REFRESHED);
            } else {
                expect("sessions.end", call(timings, "sessions.end", () -> api.sessions().end(session)),
                        e -> e == SessionEndOutcome.ENDED);
                answered.add(SoakChecks.SESSIONS_LOGGED_OUT);
            }
        } catch (Abandoned e) {
            // counted where it happened
        }
    }

    private void hotMemberSession(Timings timings, ThreadLocalRandom random) {
        Member member = hotMembers.get(random.nextInt(hotMembers.size()));
        try {
            expect("sessions.open (hot member)", call(timings, "sessions.open (hot member)",
                    () -> api.sessions().open(member.membership(), member.device())), o -> o.outcome() == SessionOpenOutcome.CREATED);
            answered.add(SoakChecks.SESSIONS_OPENED);
            answered.add(SoakChecks.HOT_MEMBER_SESSIONS + member.membership());
        } catch (Abandoned e) {
            // counted where it happened
        }
    }

    private void hotPhoneLogin(Timings timings) {
        String phone = hotPhones.computeIfAbsent(slot(), s -> uniquePhone());
        try {
            LoginOutcome outcome = call(timings, "logins.login (hot unknown phone)", () -> api.logins().login(phone)).outcome();
            if (outcome != LoginOutcome.PHONE_NUMBER_NOT_FOUND && outcome != LoginOutcome.LOCKED_OUT) {
                unexpected.add("logins.login (hot unknown phone): " + outcome);
                return;
            }
            answered.add(SoakChecks.LOGIN_ATTEMPTS);
            answered.add(SoakChecks.HOT_PHONE + phone + ":" + outcome);
        } catch (Abandoned e) {
            // counted where it happened
        }
    }

    private void hotFlowCheck(Timings timings) {
        HotFlow hot;
        try {
            hot = hotFlows.computeIfAbsent(slot(), s -> newHotFlow(timings));
        } catch (Abandoned e) {
            return;
        }
        try {
            OtpCheckOutcome outcome = call(timings, "verification.verifyCode (hot flow)",
                    () -> api.verification().verifyCode(hot.flow(), hot.wrongCode())).outcome();
            switch (outcome) {
                case INVALID_CODE, MAX_FAILED_ATTEMPTS_REACHED -> answered.add(SoakChecks.FAILED_OTP_CHECKS);
                case FLOW_NOT_FOUND_OR_INVALID -> { }
                default -> {
                    unexpected.add("verification.verifyCode (hot flow): " + outcome);
                    return;
                }
            }
            answered.add(SoakChecks.HOT_FLOW + hot.flow() + ":" + outcome);
        } catch (Abandoned e) {
            // counted where it happened
        }
    }

    private HotFlow newHotFlow(Timings timings) {
        UUID device = expect("devices.register", call(timings, "devices.register",
                () -> api.devices().register(UUID.randomUUID(), UUID.randomUUID())), r -> r.outcome() == DeviceRegistrationOutcome.CREATED)
                .deviceUniqueId();
        String phone = uniquePhone();
        UUID flow = expect("verification.startForPhoneNumber", call(timings, "verification.startForPhoneNumber",
                () -> api.verification().startForPhoneNumber(device, phone, "US", Purpose.REGISTRATION, null)),
                s -> s.flow().outcome() == FlowStartOutcome.CREATED).flow().flowUniqueId().orElseThrow();
        String code = expect("verification.issueCode", call(timings, "verification.issueCode",
                () -> api.verification().issueCode(flow, Instant.now().plus(Duration.ofMinutes(5)))),
                i -> i.outcome() == OtpIssueOutcome.CREATED).code().orElseThrow().digits();
        return new HotFlow(flow, wrongCode(code));
    }

    private void login(Timings timings, Member member) {
        expect("logins.login (member)", call(timings, "logins.login (member)", () -> api.logins().login(member.phone())),
                l -> l.outcome() == LoginOutcome.SUCCESS);
        answered.add(SoakChecks.LOGIN_ATTEMPTS);
    }

    private UUID openAndValidate(Timings timings, Member member) {
        SessionOpening opening = expect("sessions.open", call(timings, "sessions.open",
                () -> api.sessions().open(member.membership(), member.device())), o -> o.outcome() == SessionOpenOutcome.CREATED);
        answered.add(SoakChecks.SESSIONS_OPENED);
        expect("sessions.validate", call(timings, "sessions.validate", () -> api.sessions().validate(opening.token().orElseThrow())),
                v -> v.outcome() == SessionValidationOutcome.VALID);
        return opening.sessionUniqueId().orElseThrow();
    }

    private boolean enoughMembers() {
        synchronized (members) {
            return members.size() >= MIN_MEMBERS;
        }
    }

    // ------------------------------------------------------------------ bookkeeping

    /** Timed; a throw is counted by call and type (and kind) and ends the step. */
    private <T> T call(Timings timings, String name, Supplier<T> work) {
        try {
            return timings.time(name, work);
        } catch (EcliptixMembershipsException e) {
            errors.add(name + ": " + e.getClass().getSimpleName() + " (" + e.kind() + ")");
            throw new Abandoned();
        } catch (RuntimeException e) {
            errors.add(name + ": " + e.getClass().getName());
            throw new Abandoned();
        }
    }

    /** The answer, when the step allows it; otherwise counted, and the step ends. */
    private <T> T expect(String name, T answer, Predicate<T> allowed) {
        if (!allowed.test(answer)) {
            unexpected.add(name + ": " + answer);
            throw new Abandoned();
        }
        return answer;
    }

    private long slot() {
        return Duration.between(start, Instant.now()).toMillis() / HOT_SLOT.toMillis();
    }

    List<String> hotPhones() {
        return List.copyOf(hotPhones.values());
    }

    List<UUID> hotFlows() {
        return hotFlows.values().stream().map(HotFlow::flow).toList();
    }

    List<UUID> hotMembers() {
        return hotMembers.stream().map(Member::membership).toList();
    }

    /** A number no other step of this soak uses: +1 and 10 digits, counted up from a random start. */
    private String uniquePhone() {
        return "+1" + (firstPhone + phones.getAndIncrement());
    }

    private static String wrongCode(String code) {
        char first = code.charAt(0);
        return (first == '9' ? '0' : (char) (first + 1)) + code.substring(1);
    }

    /** Ends a step whose call threw or answered what the step does not allow (already counted). */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }
}
