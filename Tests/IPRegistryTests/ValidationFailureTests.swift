// How a refused value is shown in a message: visible even when blank, padded, or invisible.
import IPRegistry
import Testing

@Suite struct ValidationFailureTests {
    @Test func anInvisibleFormatCharacterIsShownEscaped() {
        #expect(ValidationFailure.quoted("\u{FEFF}X-2") == "'\\u{feff}X-2'")
    }

    @Test func aControlCharacterIsShownEscaped() {
        #expect(ValidationFailure.quoted("a\u{7}b") == "'a\\u{7}b'")
    }

    @Test func anEmptyOrPaddedValueIsQuoted() {
        #expect(ValidationFailure.quoted("") == "''")
        #expect(ValidationFailure.quoted(" x") == "' x'")
    }

    @Test func aPlainValueIsShownAsItIs() {
        #expect(ValidationFailure.quoted("990000") == "990000")
    }
}
