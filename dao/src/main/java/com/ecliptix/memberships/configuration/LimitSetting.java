package com.ecliptix.memberships.configuration;

import java.util.Optional;

/**
 * A limit as the database holds it ({@code GetLimit}).
 *
 * @param value        what the routines use: the stored value when it is a whole number > 0, else the default
 * @param defaultValue the limit's default, written once per engine in the database
 * @param stored       the stored value as it is, if the key has a row
 */
public record LimitSetting(Limit limit, int value, int defaultValue, Optional<String> stored) {
}
