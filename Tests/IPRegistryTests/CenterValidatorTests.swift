import Testing

// The center rules of docs/commands.md as the validator applies them to raw text, the edits
// `center update` makes through it, division codes and "did you mean" suggestions.
@testable import IPRegistry

@Suite struct CenterValidatorTests {
    static let codes = ReferenceCodes(
        divisions: [
            "130000": Division(code: "130000", name: "河北省", nameEnglish: "Hebei Province", parentCode: nil, level: 1),
            "130100": Division(
                code: "130100", name: "石家庄市", nameEnglish: "Shijiazhuang", parentCode: "130000", level: 2),
        ],
        industries: ["photovoltaics", "cybersecurity", "nuclear-energy"],
        services: ["rapid-pre-examination", "rights-protection"])

    let validator = CenterValidator(codes: codes, today: PartialDate(year: 2024, month: 6, day: 15))

    func center(_ values: [CenterField: String]) -> Result<Center, ValidationFailures> {
        var all: [CenterField: String] = [.code: "NEW-1", .name: "新中心", .kind: "tisc", .regionCode: "130100"]
        all.merge(values) { $1 }
        return validator.center { all[$0] }
    }

    func failures(_ values: [CenterField: String]) -> [String] {
        guard case .failure(let failures) = center(values) else { return [] }
        return failures.all.map(\.description)
    }

    func accepts(_ values: [CenterField: String]) -> Center? {
        guard case .success(let center) = center(values) else { return nil }
        return center
    }

    @Test func everyFailureOfARecordIsCollectedInFieldOrder() {
        #expect(
            failures([.code: "", .kind: "museum", .industries: "photovoltaic;cybersecurity", .website: "ftp://x"]) == [
                "code '': is required",
                "kind museum: must be one of protection, rapid-protection, operation, tisc",
                "industries photovoltaic: no such industry (did you mean photovoltaics?)",
                "website ftp://x: must be an absolute http or https URL",
            ])
    }

    @Test func optionalFieldsAbsentOrBlankAreNotGiven() throws {
        let center = try #require(accepts([.address: "  ", .industries: " ; ", .notes: ""]))
        #expect(center.address == nil)
        #expect(center.industries == [])
        #expect(center.notes == nil)
        #expect(center.status == .operating)
    }

    @Test func codeIsOneTo64CharactersOfItsAlphabet() {
        #expect(accepts([.code: "a.B_c-9"]) != nil)
        #expect(accepts([.code: String(repeating: "x", count: 64)]) != nil)
        #expect(accepts([.code: String(repeating: "x", count: 65)]) == nil)
        for code in ["a b", "a/b", "é", "中", "a,b", "a;b"] { #expect(accepts([.code: code]) == nil, "\(code)") }
    }

    @Test func namesCountCharactersNotBytes() {
        #expect(accepts([.name: String(repeating: "中", count: 200)]) != nil)
        #expect(
            failures([.name: String(repeating: "中", count: 201)]).first?.hasSuffix(
                "must be at most 200 characters (it has 201)") == true)
        #expect(accepts([.nameEnglish: "e\u{301}cole"]) != nil)
    }

    @Test func textIsStoredInNFCAndItsLengthCountedInCharacters() throws {
        let decomposed = String(repeating: "e\u{301}", count: 150)
        let precomposed = String(repeating: "\u{e9}", count: 150)
        let center = try #require(
            accepts([
                .name: decomposed, .nameEnglish: "Cafe\u{301}", .address: "A\u{30A}", .host: "\u{1100}\u{1161}",
                .notes: "\u{212B}", .approvalDocument: "\u{F900}",
            ]))
        #expect(center.name.unicodeScalars.elementsEqual(precomposed.unicodeScalars))
        #expect(center.nameEnglish?.unicodeScalars.elementsEqual("Caf\u{e9}".unicodeScalars) == true)
        #expect(center.address?.unicodeScalars.elementsEqual("\u{C5}".unicodeScalars) == true)
        #expect(center.host?.unicodeScalars.elementsEqual("\u{AC00}".unicodeScalars) == true)
        #expect(center.notes?.unicodeScalars.elementsEqual("\u{C5}".unicodeScalars) == true)
        #expect(center.approvalDocument?.unicodeScalars.elementsEqual("\u{8C48}".unicodeScalars) == true)
        #expect(accepts([.name: precomposed]) != nil)
        #expect(
            failures([.name: String(repeating: "e\u{301}", count: 201)]).first?.hasSuffix(
                "must be at most 200 characters (it has 201)") == true)
        // Marks with no precomposed form: within 200 characters but past the schema's 200 code points.
        #expect(
            failures([.name: String(repeating: "x\u{301}", count: 101)]).first?
                .hasSuffix("(it has 101 characters of 202 code points)") == true)
    }

    @Test func theQuickNFCCheckPassesOnlyTextThatIsNFC() {
        // Every scalar the quick check lets through must be NFC on its own and after any other.
        let ranges: [ClosedRange<UInt32>] = [
            0xA0...0x2FF, 0x2002...0x206F, 0x3000...0x3029, 0x3030...0x303F, 0x3400...0x4DBF,
            0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xFF01...0xFF5E,
        ]
        var wrong: [String] = []
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                var text = "a" + String(scalar) + String(scalar)
                let isSure = text.withUTF8 { TextRules.isSurelyNFC($0) }
                if !isSure || !TextRules.nfc(text).unicodeScalars.elementsEqual(text.unicodeScalars)
                    || scalar.properties.canonicalCombiningClass != .notReordered
                {
                    wrong.append("U+" + String(value, radix: 16))
                }
            }
        }
        #expect(wrong.isEmpty)
        for text in ["e\u{301}", "\u{1100}\u{1161}", "\u{AC00}\u{11A8}", "\u{2000}", "\u{F900}", "か\u{3099}", "😀"] {
            var text = text
            #expect(!text.withUTF8 { TextRules.isSurelyNFC($0) }, "\(text.unicodeScalars.map(\.value))")
        }
    }

    @Test func aNameMustShowSomethingAndHoldNoBidirectionalOverride() {
        let invisible = [
            "\u{200B}", "\u{200B}\u{2060}\u{FEFF}", "\u{3164}", "\u{200D}\u{00AD}", " \u{200C} ", "\u{180E}\u{FFA0}",
        ]
        for name in invisible {
            #expect(
                failures([.name: name]).first?.hasSuffix(TextRules.visibleRule) == true,
                "\(name.unicodeScalars.map(\.value))")
            #expect(failures([.nameEnglish: name]).first?.hasPrefix("name_en ") == true)
        }
        for scalar in [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069] as [UInt32] {
            let name = "中心" + String(Unicode.Scalar(scalar).map(Character.init) ?? " ") + "abc"
            #expect(
                failures([.name: name]).first?.hasSuffix(TextRules.bidiRule) == true, "U+\(String(scalar, radix: 16))")
            #expect(failures([.nameEnglish: name]).first?.hasPrefix("name_en ") == true)
        }
        #expect(accepts([.name: "中心\u{200D}"]) != nil)
        #expect(accepts([.name: "ZWJ\u{200B}inside"]) != nil)
        // Not a name: other fields may hold them (only names are shown in lists and titles).
        #expect(accepts([.notes: "\u{202E}reversed"]) != nil)
    }

    @Test func addressAndNotesMayHoldLineBreaksButNamesMayNot() {
        #expect(accepts([.address: "河北省\n石家庄市"]) != nil)
        #expect(accepts([.notes: "line one\r\nline two\tend"]) != nil)
        #expect(accepts([.name: "a\nb"]) == nil)
        #expect(accepts([.host: "a\u{0}b"]) == nil)
        #expect(accepts([.notes: "bell\u{7}"]) == nil)
    }

    @Test func datesAreRealNotInTheFutureAndOpenedNotBeforeApproved() {
        #expect(accepts([.approved: "2024-02-29"]) != nil)
        #expect(accepts([.approved: "2023-02-29"]) == nil)
        #expect(accepts([.approved: "2024-06-15"]) != nil)
        #expect(failures([.approved: "2024-06-16"]) == ["approved 2024-06-16: must not be in the future"])
        #expect(failures([.approved: "2024-07"]) == ["approved 2024-07: must not be in the future"])
        #expect(accepts([.approved: "2024"]) != nil)
        // Compared at the precision both share: 2021 is neither before nor after 2021-05.
        #expect(accepts([.approved: "2021-05-10", .opened: "2021"]) != nil)
        #expect(accepts([.approved: "2021-05-10", .opened: "2021-05"]) != nil)
        #expect(
            failures([.approved: "2021-05-10", .opened: "2021-05-09"]) == [
                "opened 2021-05-09: must not be before approved (2021-05-10)"
            ])
        for text in ["2021-5", "21-05-01", "2021/05/01", "2021-05-01T00:00", "May 2021"] {
            #expect(accepts([.approved: text]) == nil, "\(text)")
        }
    }

    @Test func coordinatesArePlainDecimalsInRangeAndComeInPairs() {
        #expect(accepts([.latitude: "-90", .longitude: "180"]) != nil)
        #expect(accepts([.latitude: "+39.5", .longitude: ".5"]) != nil)
        #expect(accepts([.latitude: "39.", .longitude: "-0"]) != nil)
        for text in ["1e1", "nan", "inf", "0x10", ".", "-", "1.2.3", "39,9", " "] where !text.allSatisfy(\.isWhitespace)
        {
            #expect(accepts([.latitude: text, .longitude: "1"]) == nil, "\(text)")
        }
        #expect(failures([.latitude: "90.0001", .longitude: "1"]) == ["latitude 90.0001: must be between -90 and 90"])
        #expect(failures([.latitude: "1", .longitude: "-180.5"]) == ["longitude -180.5: must be between -180 and 180"])
        #expect(failures([.latitude: "1"]) == ["latitude 1: latitude and longitude go together: give both or neither"])
    }

    @Test func websitesAreAbsoluteHTTPOrHTTPS() {
        for url in ["http://example.org", "HTTPS://EXAMPLE.ORG/a?b#c", "https://例子.中国/"] {
            #expect(accepts([.website: url]) != nil, "\(url)")
        }
        for url in [
            "example.org", "/about", "ftp://example.org", "http://", "https:///a", "https://a b.org", "mailto:a@b.org",
        ] {
            #expect(accepts([.website: url]) == nil, "\(url)")
        }
    }

    @Test func unicodeWhiteSpaceAroundAValueIsTrimmedAndInsideItIsKept() throws {
        let center = try #require(
            accepts([
                .code: "\u{3000}NEW-2\u{A0}", .name: "\u{2003}新 中心\u{85}", .kind: "\u{2028}tisc ",
                .regionCode: "\t130100\u{205F}", .notes: "\u{1680}\u{202F}",
            ]))
        #expect(center.code == "NEW-2")
        #expect(center.name == "新 中心")
        #expect(center.kind == .tisc)
        #expect(center.regionCode == "130100")
        #expect(center.notes == nil)
        // U+200B (zero width space) is not White_Space: it stays.
        #expect(try #require(accepts([.name: "\u{200B}a"])).name == "\u{200B}a")
    }

    @Test func listsAreSortedWithoutRepeatsAndTheirCodesTrimmed() throws {
        let center = try #require(
            accepts([
                .industries: " photovoltaics ;cybersecurity;\u{3000}photovoltaics;;",
                .services: "rights-protection;rapid-pre-examination",
            ]))
        #expect(center.industries == ["cybersecurity", "photovoltaics"])
        #expect(center.services == ["rapid-pre-examination", "rights-protection"])
        #expect(
            failures([.industries: "photovoltaics;Cybersecurity"]) == [
                "industries Cybersecurity: no such industry (did you mean cybersecurity?)"
            ])
        // Swift compares Characters: U+037E (Greek question mark) is canonically a semicolon and separates.
        #expect(
            try #require(accepts([.industries: "photovoltaics\u{37E}cybersecurity"])).industries == [
                "cybersecurity", "photovoltaics",
            ])
    }

    @Test func regionMustBeAKnownSixDigitCode() {
        #expect(
            failures([.regionCode: "13010"]) == ["region_code 13010: must be a six-digit division code (GB/T 2260)"])
        #expect(failures([.regionCode: "130200"]) == ["region_code 130200: no such division"])
    }

    // MARK: Edits

    func edited(_ build: (inout CenterEdit) -> Void) throws -> Result<Center, ValidationFailures> {
        let original = try #require(
            accepts([
                .industries: "photovoltaics", .services: "rights-protection",
                .latitude: "38", .longitude: "114.5", .host: "河北省知识产权局",
            ]))
        var edit = CenterEdit()
        build(&edit)
        return edit.applied(to: original, validator: validator)
    }

    @Test func anEditSetsClearsAndChangesLists() throws {
        let center = try edited { edit in
            edit.values[.status] = "closed"
            edit.cleared = [.host, .latitude]
            edit.addedIndustries = ["cybersecurity"]
            edit.removedIndustries = ["photovoltaics"]
            edit.addedServices = ["rapid-pre-examination"]
        }.get()
        #expect(center.status == .closed)
        #expect(center.host == nil)
        #expect(center.latitude == nil && center.longitude == nil)
        #expect(center.industries == ["cybersecurity"])
        #expect(center.services == ["rapid-pre-examination", "rights-protection"])
        #expect(center.code == "NEW-1")
    }

    @Test func anEditNamesTheListOptionThatFailed() throws {
        guard
            case .failure(let failures) = try edited({ edit in
                edit.removedIndustries = ["photovoltaic"]
                edit.addedServices = ["rights-protections", ""]
            })
        else {
            Issue.record("expected a failure")
            return
        }
        #expect(
            failures.all.map(\.description) == [
                "remove_industry photovoltaic: no such industry (did you mean photovoltaics?)",
                "add_service rights-protections: no such service (did you mean rights-protection?)",
                "add_service '': must be one service code",
            ])
    }

    @Test func anEditMayChangeOnlyTheCaseOfTheCode() throws {
        #expect(try edited { $0.values[.code] = "new-1" }.get().code == "new-1")
        guard case .failure(let failures) = try edited({ $0.values[.code] = "NEW-2" }) else {
            Issue.record("renamed")
            return
        }
        #expect(failures.first?.description == "code NEW-2: a center's code cannot change, only its case (NEW-1)")
    }

    // MARK: Division codes and suggestions

    @Test func aDivisionCodeGivesItsLevelAndParent() throws {
        let province = try #require(DivisionCode("130000"))
        let prefecture = try #require(DivisionCode("130100"))
        let county = try #require(DivisionCode("130102"))
        #expect([province.level, prefecture.level, county.level] == [1, 2, 3])
        #expect(province.parentCode { _ in true } == nil)
        #expect(prefecture.parentCode { _ in true } == "130000")
        #expect(county.parentCode { $0 == "130100" } == "130100")
        #expect(DivisionCode("110101")?.parentCode { _ in false } == "110000")
        for text in ["", "13010", "1301000", "001000", "13010a", "１３０１００"] {
            #expect(DivisionCode(text) == nil, "\(text)")
        }
    }

    @Test func aSuggestionIsTheOneCloseCandidateOrNone() {
        #expect(Suggestion.closest(to: "photovoltaic", among: ["photovoltaics", "cybersecurity"]) == "photovoltaics")
        #expect(Suggestion.closest(to: "Cybersecurity", among: ["photovoltaics", "cybersecurity"]) == "cybersecurity")
        #expect(Suggestion.closest(to: "quantum", among: ["photovoltaics", "cybersecurity"]) == nil)
        // Equally close candidates: no guess.
        #expect(Suggestion.closest(to: "990000", among: ["110000", "120000", "130000"]) == nil)
    }
}
