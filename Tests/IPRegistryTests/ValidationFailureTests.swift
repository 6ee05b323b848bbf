import Testing

// How a refused value is shown in a message: visible even when blank, padded, or invisible.
@testable import IPRegistry

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

@Suite struct CenterTextTests {
    @Test(arguments: [0.00001, -0.000012345, 1e-7, 39.9042, -180, 0.5, 116.40739])
    func coordinatesReadBackAsTheSameNumber(_ number: Double) throws {
        let text = NumberText.plain(number)
        #expect(!text.contains("e"), "\(text)")
        #expect(Double(text) == number, "\(text)")
        let center = Center(
            code: "C", name: "n", kind: .tisc, regionCode: "110000", latitude: number, longitude: number)
        #expect(center.text(of: .latitude) == text)
    }
}

@Suite struct CenterTextRuleTests {
    static let validator = CenterValidator(codes: ReferenceCodes(divisions: [:], industries: [], services: []))

    @Test func aWebsiteSchemeIsStoredLowercase() throws {
        var center = Center(code: "C", name: "n", kind: .tisc, regionCode: "110000")
        try Self.validator.apply(.website, raw: "HTTPS://Example.ORG/Path", to: &center)
        #expect(center.website == "https://Example.ORG/Path")
    }

    @Test func lengthsCountCharactersOfTheNFCText() throws {
        var center = Center(code: "C", name: "n", kind: .tisc, regionCode: "110000")
        // 150 "é" written as e + combining acute: 300 code points typed, 150 once composed (NFC).
        try Self.validator.apply(.name, raw: String(repeating: "e\u{301}", count: 150), to: &center)
        #expect(center.name.unicodeScalars.count == 150)
        // x has no precomposed form with an acute: 101 characters of 202 code points, past what the
        // schema's CHECK (length() counts code points) lets in.
        #expect(throws: ValidationFailure.self) {
            try Self.validator.apply(.name, raw: String(repeating: "x\u{301}", count: 101), to: &center)
        }
    }
}
