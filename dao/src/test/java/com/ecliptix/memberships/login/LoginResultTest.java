package com.ecliptix.memberships.login;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginResultTest {

    @Test
    void theSecureKeyNeverAppearsInTheTextForm() {
        byte[] key = "SECRET-KEY-BYTES".getBytes();
        LoginResult result = new LoginResult(LoginOutcome.SUCCESS, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(key));

        assertFalse(result.toString().contains("SECRET"));
        assertTrue(result.toString().contains("16 bytes"));
    }
}
