package com.ecliptix.memberships.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecliptix.memberships.InvalidInputException;
import com.ecliptix.memberships.configuration.Limit;
import com.ecliptix.memberships.generated.routines.CreateAuthenticationContext;
import com.ecliptix.memberships.generated.routines.ValidateAuthenticationContext;
import com.ecliptix.memberships.membership.SecureKeyOutcome;
import com.ecliptix.memberships.testing.Concurrently;
import com.ecliptix.memberships.testing.DatabaseTest;
import com.ecliptix.memberships.testing.DocumentedDefaults;
import com.ecliptix.memberships.testing.Fixtures;
import com.ecliptix.memberships.testing.Fixtures.Member;
import com.ecliptix.memberships.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Sessions, through the API: opened after a login with a token only the client keeps, validated, refreshed,
 * ended, and ended by a new secure key; the rules of {@code Authentication.ContextLifetimeHours} (24 hours
 * from creation or the last refresh) and {@code Authentication.MaxContextsPerMembership} (5 active sessions,
 * a new one beyond them ends the oldest), also under concurrent openings.
 */
@DatabaseTest
class SessionsTest {

    private static final Duration LIFETIME = Duration.ofHours(DocumentedDefaults.of(Limit.SESSION_LIFETIME));
    private static final int CAP = DocumentedDefaults.of(Limit.MAX_SESSIONS_PER_MEMBERSHIP);

    private static Member member(TestDatabase db) {
        return new Fixtures(db).activeMembership(new byte[] {1, 2, 3});
    }

    private static SessionOpening open(TestDatabase db, Member member) {
        SessionOpening opening = db.api().sessions().open(member.membership(), member.device());
        assertEquals(SessionOpenOutcome.CREATED, opening.outcome(), "opening a session");
        return opening;
    }

    private static long activeSessions(TestDatabase db, Member member) {
        return db.count("AuthenticationContexts", "\"MembershipUniqueId\" = ? AND \"IsActive\" = ?", member.membership(), true);
    }

    private static String endReason(TestDatabase db, UUID session) {
        return db.queryString("SELECT \"EndReason\" FROM dbo.\"AuthenticationContexts\" WHERE \"UniqueId\" = ?", session);
    }

    @Test
    void openingReturnsATokenOnceAndTheDatabaseKeepsOnlyItsHash(TestDatabase db) {
        Member member = member(db);
        Instant before = Instant.now();

        SessionOpening opening = open(db, member);

        SessionToken token = opening.token().orElseThrow();
        assertEquals(43, token.value().length(), "32 bytes in base64url without padding");
        Instant expiresAt = opening.expiresAt().orElseThrow();
        assertFalse(expiresAt.isBefore(before.plus(LIFETIME).minusSeconds(60)), "expires one lifetime after creation: " + expiresAt);
        assertFalse(expiresAt.isAfter(Instant.now().plus(LIFETIME).plusSeconds(60)), "expires one lifetime after creation: " + expiresAt);
        assertEquals(0, db.rowsContaining(token.value()), "the token is in no table");
        assertEquals(1, db.count("AuthenticationContexts", "\"ContextTokenHash\" = ? AND \"UniqueId\" = ?",
                sha256Hex(token.value()), opening.sessionUniqueId().orElseThrow()), "its lower-case hex SHA-256 is stored");
        assertFalse(opening.toString().contains(token.value()), opening.toString());
        assertFalse(token.toString().contains(token.value()), token.toString());
        assertNotEquals(token, open(db, member).token().orElseThrow(), "every session has its own token");
    }

    @Test
    void onlyAnActiveMembershipOnALiveDeviceGetsASessionAndARefusalWritesNothing(TestDatabase db) {
        Fixtures fixtures = new Fixtures(db);
        Member member = member(db);
        Fixtures.VerifiedRegistration noKey = fixtures.verifiedRegistration();
        UUID inactive = db.api().memberships().create(noKey.flow(), noKey.connection(), noKey.otp()).membershipUniqueId().orElseThrow();
        Member blocked = member(db);
        db.update("UPDATE dbo.\"Memberships\" SET \"Status\" = 'blocked' WHERE \"UniqueId\" = ?", blocked.membership());
        long rows = db.totalRows();

        assertRefused(db, SessionOpenOutcome.MEMBERSHIP_NOT_FOUND, UUID.randomUUID(), member.device());
        assertRefused(db, SessionOpenOutcome.INACTIVE_MEMBERSHIP, inactive, noKey.device());
        assertRefused(db, SessionOpenOutcome.MEMBERSHIP_BLOCKED, blocked.membership(), blocked.device());
        assertRefused(db, SessionOpenOutcome.DEVICE_NOT_FOUND, member.membership(), UUID.randomUUID());

        assertEquals(rows, db.totalRows(), "a refused session writes nothing");
    }

    private static void assertRefused(TestDatabase db, SessionOpenOutcome expected, UUID membership, UUID device) {
        SessionOpening opening = db.api().sessions().open(membership, device);
        assertEquals(expected, opening.outcome());
        assertTrue(opening.token().isEmpty() && opening.sessionUniqueId().isEmpty() && opening.expiresAt().isEmpty(), opening.toString());
    }

    @Test
    void nullArgumentsAreRejectedBeforeAnyCall(TestDatabase db) {
        Member member = member(db);
        long rows = db.totalRows();

        assertEquals("MembershipUniqueId",
                assertThrows(InvalidInputException.class, () -> db.api().sessions().open(null, member.device())).parameter());
        assertEquals("AppDeviceId",
                assertThrows(InvalidInputException.class, () -> db.api().sessions().open(member.membership(), null)).parameter());
        assertEquals("ContextToken", assertThrows(InvalidInputException.class, () -> db.api().sessions().validate(null)).parameter());
        assertEquals("ContextUniqueId", assertThrows(InvalidInputException.class, () -> db.api().sessions().refresh(null)).parameter());
        assertEquals("ContextUniqueId", assertThrows(InvalidInputException.class, () -> db.api().sessions().end(null)).parameter());
        assertEquals("MembershipUniqueId", assertThrows(InvalidInputException.class, () -> db.operatorApi().sessions().endAll(null)).parameter());

        assertEquals(rows, db.totalRows());
    }

    @Test
    void aMalformedTokenIsRejectedWhenParsed() {
        for (String bad : new String[] {"", "short", "A".repeat(44), "A".repeat(42) + "+", "A".repeat(42) + "="}) {
            assertEquals("ContextToken", assertThrows(InvalidInputException.class, () -> SessionToken.parse(bad)).parameter(), bad);
        }
        assertThrows(InvalidInputException.class, () -> SessionToken.parse(null));
        String good = "A".repeat(43);
        assertEquals(good, SessionToken.parse(good).value());
    }

    @Test
    void theRoutinesRejectAHashThatIsNotLowerCaseHexAndWriteNothing(TestDatabase db) {
        Member member = member(db);
        long rows = db.totalRows();
        String upperCase = sha256Hex("x").toUpperCase();

        for (String hash : new String[] {null, "", upperCase, sha256Hex("x").substring(1), sha256Hex("x") + "0"}) {
            CreateAuthenticationContext create = new CreateAuthenticationContext();
            create.setMembershipUniqueId(member.membership());
            create.setAppDeviceId(member.device());
            create.setContextTokenHash(hash);
            db.call(create);
            assertEquals("invalid_input", create.getOutcome(), "create with " + hash);

            ValidateAuthenticationContext validate = new ValidateAuthenticationContext();
            validate.setContextTokenHash(hash);
            db.call(validate);
            assertEquals("invalid_input", validate.getOutcome(), "validate with " + hash);
        }
        CreateAuthenticationContext noMembership = new CreateAuthenticationContext();
        noMembership.setAppDeviceId(member.device());
        noMembership.setContextTokenHash(sha256Hex("y"));
        db.call(noMembership);
        assertEquals("invalid_input", noMembership.getOutcome());

        assertEquals(rows, db.totalRows());
    }

    @Test
    void aValidTokenIsFoundAndItsUseRecorded(TestDatabase db) {
        Member member = member(db);
        SessionOpening opening = open(db, member);
        UUID session = opening.sessionUniqueId().orElseThrow();

        SessionValidation validation = db.api().sessions().validate(SessionToken.parse(opening.token().orElseThrow().value()));

        assertEquals(SessionValidationOutcome.VALID, validation.outcome());
        assertTrue(validation.isValid());
        assertEquals(session, validation.sessionUniqueId().orElseThrow());
        assertEquals(member.membership(), validation.membershipUniqueId().orElseThrow());
        assertEquals(opening.expiresAt(), validation.expiresAt());
        assertEquals(1, db.count("AuthenticationContexts", "\"UniqueId\" = ? AND \"LastUsedAt\" IS NOT NULL", session));
    }

    @Test
    void anUnknownOrEndedTokenIsNotFound(TestDatabase db) {
        Member member = member(db);
        SessionOpening opening = open(db, member);
        SessionToken unknown = SessionToken.parse("B".repeat(43));

        SessionValidation validation = db.api().sessions().validate(unknown);
        assertEquals(SessionValidationOutcome.NOT_FOUND, validation.outcome());
        assertTrue(validation.sessionUniqueId().isEmpty() && validation.membershipUniqueId().isEmpty() && validation.expiresAt().isEmpty());

        assertEquals(SessionEndOutcome.ENDED, db.api().sessions().end(opening.sessionUniqueId().orElseThrow()));
        assertEquals(SessionValidationOutcome.NOT_FOUND, db.api().sessions().validate(opening.token().orElseThrow()).outcome());
    }

    @Test
    void anExpiredSessionEndsWhenValidated(TestDatabase db) {
        Member member = member(db);
        SessionOpening opening = open(db, member);
        UUID session = opening.sessionUniqueId().orElseThrow();
        db.backdate("AuthenticationContexts", "ExpiresAt", LIFETIME.plusSeconds(1), "\"UniqueId\" = ?", session);

        SessionValidation validation = db.api().sessions().validate(opening.token().orElseThrow());

        assertEquals(SessionValidationOutcome.EXPIRED, validation.outcome());
        assertEquals(session, validation.sessionUniqueId().orElseThrow());
        assertEquals("expired", endReason(db, session));
        assertEquals(SessionValidationOutcome.NOT_FOUND, db.api().sessions().validate(opening.token().orElseThrow()).outcome());
    }

    @Test
    void aBlockedMembershipsSessionIsRevokedWhenValidated(TestDatabase db) {
        Member member = member(db);
        SessionOpening opening = open(db, member);
        db.update("UPDATE dbo.\"Memberships\" SET \"Status\" = 'blocked' WHERE \"UniqueId\" = ?", member.membership());

        SessionValidation validation = db.api().sessions().validate(opening.token().orElseThrow());

        assertEquals(SessionValidationOutcome.MEMBERSHIP_BLOCKED, validation.outcome());
        assertEquals("revoked", endReason(db, opening.sessionUniqueId().orElseThrow()));
        assertEquals(0, activeSessions(db, member));
    }

    @Test
    void refreshingExtendsAnUnexpiredSessionByOneLifetimeFromNow(TestDatabase db) {
        Member member = member(db);
        SessionOpening opening = open(db, member);
        UUID session = opening.sessionUniqueId().orElseThrow();
        db.backdate("AuthenticationContexts", "ExpiresAt", Duration.ofHours(12), "\"UniqueId\" = ?", session);
        Instant backdated = opening.expiresAt().orElseThrow().minus(Duration.ofHours(12));

        SessionRefresh refresh = db.api().sessions().refresh(session);

        assertEquals(SessionRefreshOutcome.REFRESHED, refresh.outcome());
        Instant expiresAt = refresh.expiresAt().orElseThrow();
        assertTrue(expiresAt.isAfter(backdated.plus(Duration.ofHours(11))), "refreshed to " + expiresAt + ", was " + backdated);
        assertEquals(expiresAt, db.api().sessions().validate(opening.token().orElseThrow()).expiresAt().orElseThrow());
    }

    @Test
    void anExpiredUnknownOrEndedSessionIsNotRefreshed(TestDatabase db) {
        Member member = member(db);
        UUID expired = open(db, member).sessionUniqueId().orElseThrow();
        UUID ended = open(db, member).sessionUniqueId().orElseThrow();
        db.api().sessions().end(ended);
        db.backdate("AuthenticationContexts", "ExpiresAt", LIFETIME.plusSeconds(1), "\"UniqueId\" = ?", expired);

        SessionRefresh refresh = db.api().sessions().refresh(expired);
        assertEquals(SessionRefreshOutcome.EXPIRED, refresh.outcome());
        assertTrue(refresh.expiresAt().isEmpty());
        assertEquals("expired", endReason(db, expired));

        assertEquals(SessionRefreshOutcome.NOT_FOUND, db.api().sessions().refresh(expired).outcome());
        assertEquals(SessionRefreshOutcome.NOT_FOUND, db.api().sessions().refresh(ended).outcome());
        assertEquals(SessionRefreshOutcome.NOT_FOUND, db.api().sessions().refresh(UUID.randomUUID()).outcome());
    }

    @Test
    void endingASessionLogsItOutOnce(TestDatabase db) {
        Member member = member(db);
        UUID session = open(db, member).sessionUniqueId().orElseThrow();
        UUID other = open(db, member).sessionUniqueId().orElseThrow();

        assertEquals(SessionEndOutcome.ENDED, db.api().sessions().end(session));
        assertEquals(SessionEndOutcome.NOT_FOUND, db.api().sessions().end(session));
        assertEquals(SessionEndOutcome.NOT_FOUND, db.api().sessions().end(UUID.randomUUID()));

        assertEquals("logged_out", endReason(db, session));
        assertEquals(null, endReason(db, other), "the membership's other session stays active");
        assertEquals(1, activeSessions(db, member));
    }

    @Test
    void endingAllSessionsRevokesThemWithOneEvent(TestDatabase db) {
        Member member = member(db);
        Member other = member(db);
        for (int i = 0; i < 3; i++) {
            open(db, member);
        }
        open(db, other);
        long events = db.count("EventLog", "\"EventType\" = 'contexts_revoked'");

        SessionsEnded ended = db.operatorApi().sessions().endAll(member.membership());

        assertEquals(EndAllOutcome.ENDED, ended.outcome());
        assertEquals(3, ended.endedCount().orElseThrow());
        assertEquals(3, db.count("AuthenticationContexts", "\"MembershipUniqueId\" = ? AND \"EndReason\" = 'revoked'", member.membership()));
        assertEquals(events + 1, db.count("EventLog", "\"EventType\" = 'contexts_revoked'"));
        assertEquals(1, activeSessions(db, other), "another membership's sessions stay");

        SessionsEnded again = db.operatorApi().sessions().endAll(member.membership());
        assertEquals(EndAllOutcome.ENDED, again.outcome());
        assertEquals(0, again.endedCount().orElseThrow());
        assertEquals(events + 1, db.count("EventLog", "\"EventType\" = 'contexts_revoked'"), "no event when nothing ended");

        SessionsEnded unknown = db.operatorApi().sessions().endAll(UUID.randomUUID());
        assertEquals(EndAllOutcome.MEMBERSHIP_NOT_FOUND, unknown.outcome());
        assertTrue(unknown.endedCount().isEmpty());
    }

    @Test
    void aNewSessionBeyondTheCapReplacesTheOldest(TestDatabase db) {
        Member member = member(db);
        UUID oldest = open(db, member).sessionUniqueId().orElseThrow();
        for (int i = 1; i < CAP; i++) {
            open(db, member);
        }
        assertEquals(CAP, activeSessions(db, member));

        open(db, member);

        assertEquals(CAP, activeSessions(db, member));
        assertEquals("replaced", endReason(db, oldest));
    }

    @Test
    void anExpiredSessionDoesNotTakeAPlaceOfTheCap(TestDatabase db) {
        Member member = member(db);
        UUID expired = open(db, member).sessionUniqueId().orElseThrow();
        db.backdate("AuthenticationContexts", "ExpiresAt", LIFETIME.plusSeconds(1), "\"UniqueId\" = ?", expired);
        List<UUID> live = new java.util.ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            live.add(open(db, member).sessionUniqueId().orElseThrow());
        }

        assertEquals("expired", endReason(db, expired));
        for (UUID session : live) {
            assertEquals(null, endReason(db, session), "no live session was replaced");
        }
    }

    @Test
    void twentyParallelOpeningsLeaveExactlyTheCapActive(TestDatabase db) throws Exception {
        Member member = member(db);

        List<SessionOpening> openings = Concurrently.run(20, i -> db.api().sessions().open(member.membership(), member.device()));

        assertTrue(openings.stream().allMatch(o -> o.outcome() == SessionOpenOutcome.CREATED), openings.toString());
        assertEquals(CAP, activeSessions(db, member));
        assertEquals(20 - CAP, db.count("AuthenticationContexts", "\"MembershipUniqueId\" = ? AND \"EndReason\" = 'replaced'",
                member.membership()));
    }

    @Test
    void aReplacedSecureKeyEndsEverySessionWithOneEvent(TestDatabase db) {
        Member member = member(db);
        List<SessionOpening> openings = List.of(open(db, member), open(db, member), open(db, member));
        long events = db.count("EventLog", "\"EventType\" = 'contexts_revoked'");

        assertEquals(SecureKeyOutcome.UPDATED, db.api().memberships().setSecureKey(member.membership(), new byte[] {9}).outcome());

        assertEquals(0, activeSessions(db, member));
        assertEquals(3, db.count("AuthenticationContexts", "\"MembershipUniqueId\" = ? AND \"EndReason\" = 'revoked'", member.membership()));
        assertEquals(events + 1, db.count("EventLog", "\"EventType\" = 'contexts_revoked'"));
        for (SessionOpening opening : openings) {
            assertEquals(SessionValidationOutcome.NOT_FOUND, db.api().sessions().validate(opening.token().orElseThrow()).outcome());
        }
        assertEquals(SessionOpenOutcome.CREATED, db.api().sessions().open(member.membership(), member.device()).outcome(),
                "the new key opens new sessions");
    }

    @Test
    void noTokenIsStoredAnywhere(TestDatabase db) {
        Member member = member(db);
        SessionOpening opening = open(db, member);
        SessionToken token = opening.token().orElseThrow();
        db.api().sessions().validate(token);
        db.api().sessions().refresh(opening.sessionUniqueId().orElseThrow());
        db.operatorApi().sessions().endAll(member.membership());

        assertEquals(0, db.rowsContaining(token.value()));
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
