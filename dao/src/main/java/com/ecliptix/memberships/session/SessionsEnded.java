package com.ecliptix.memberships.session;

import java.util.OptionalInt;

/**
 * The answer to ending all sessions of a membership.
 *
 * @param outcome    what happened
 * @param endedCount how many sessions were ended, with {@link EndAllOutcome#ENDED} (0 or more)
 */
public record SessionsEnded(EndAllOutcome outcome, OptionalInt endedCount) {
}
