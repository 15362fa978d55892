package io.orgcredentials.keycloak.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathInputTest {

    @Test
    void idsAreShortAndPrintable() {
        assertThat(PathInput.isPlausibleId("4b7c0f4e-2a7d-4c55-9f52-5f2a2d3c9e10")).isTrue();
        assertThat(PathInput.isPlausibleId("acme")).isTrue();
        assertThat(PathInput.isPlausibleId("")).isFalse();
        assertThat(PathInput.isPlausibleId(null)).isFalse();
        assertThat(PathInput.isPlausibleId("a".repeat(256))).isFalse();
        assertThat(PathInput.isPlausibleId("nul\u0000byte")).isFalse();
        assertThat(PathInput.isPlausibleId("zero\u200bwidth")).isFalse();
    }

    @Test
    void echoedInputHasNoControlCharactersAndABoundedLength() {
        assertThat(PathInput.printable("line\nbreak\u0000")).isEqualTo("line?break?");
        assertThat(PathInput.printable("x".repeat(100))).isEqualTo("x".repeat(60) + "…");
        assertThat(PathInput.printable(null)).isEqualTo("null");
    }
}
