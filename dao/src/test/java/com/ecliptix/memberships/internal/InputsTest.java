package com.ecliptix.memberships.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.ecliptix.memberships.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputsTest {

    @ParameterizedTest
    @ValueSource(strings = {"+1234567", "+14155550100", "+123456789012345"})
    void e164NumbersOfSevenToFifteenDigitsAreAccepted(String number) {
        assertDoesNotThrow(() -> Inputs.phoneNumber("PhoneNumber", number));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "+123456", "+1234567890123456", "+0123456789", "14155550100", "+1415555010a",
            "+1 4155550100", "+14155550100 ", "+١٢٣٤٥٦٧٨"})
    void anythingElseIsRejectedNamingTheParameter(String number) {
        assertEquals("PhoneNumber", assertThrows(InvalidInputException.class, () -> Inputs.phoneNumber("PhoneNumber", number)).parameter());
    }

    @ParameterizedTest
    @ValueSource(strings = {"us", "USA", "U", "", "1A", "ÄB"})
    void regionsAreTwoUpperCaseLetters(String region) {
        assertThrows(InvalidInputException.class, () -> Inputs.region("Region", region));
        assertDoesNotThrow(() -> Inputs.region("Region", "US"));
        assertDoesNotThrow(() -> Inputs.region("Region", null));
    }
}
