package com.ecliptix.memberships;

/**
 * The API's settings do not allow what was asked: {@code build()} without a data source, a call that
 * needs the OTP key on an API built without one, or a data source the API cannot work with. The message
 * says which setting to give or change. Nothing was written.
 */
public final class ConfigurationException extends EcliptixMembershipsException {

    /** Public for the API's own packages and for stand-ins in an application's tests. */
    public ConfigurationException(String message) {
        super(ErrorKind.CONFIGURATION, message, null);
    }

    /** With the failure that showed the setting cannot work. */
    public ConfigurationException(String message, Throwable cause) {
        super(ErrorKind.CONFIGURATION, message, cause);
    }
}
