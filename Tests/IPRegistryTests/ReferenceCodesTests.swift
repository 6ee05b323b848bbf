// The codes a command checks its few values against (`ReferenceCodes.load(from:regions:)`): only
// the divisions it names and those above them, answering for those exactly as every division does.
import IPRegistry
import Testing

@Suite struct ReferenceCodesTests {
    @Test func theCodesOfNamedRegionsAnswerForThemAsEveryDivisionDoes() throws {
        let folder = try TemporaryDirectory()
        let registry = try Registry.open(path: folder.path("registry.sqlite"))
        // Read as a center's region is: trimmed; a code no division has, or no code at all, adds nothing.
        let named = ["131082", " 110108 ", "139999", "13108", "131082"]
        let (every, some) = try registry.read { db in
            (try ReferenceCodes.load(from: db), try ReferenceCodes.load(from: db, regions: named))
        }
        #expect(every.divisions.count > 3000)
        #expect(some.divisions.keys.sorted() == ["110000", "110108", "130000", "131000", "131082"])
        for code in ["131082", "110108", "139999", "13108", "131000", "130000", "110000"] {
            #expect(some.divisions[code] == every.divisions[code], "\(code)")
        }
        for code in ["131082", "110108"] {
            #expect(some.regionName(of: code) == every.regionName(of: code))
            #expect(some.regionNameEnglish(of: code) == every.regionNameEnglish(of: code))
        }
        #expect(some.regionName(of: "131082") == "河北省 / 廊坊市 / 三河市")
        #expect(some.industries == every.industries && some.services == every.services)
        #expect(!some.industries.isEmpty && !some.services.isEmpty)
    }

    @Test func aValidatorForNamedRegionsRefusesAndAcceptsAsTheWholeOneDoes() throws {
        let folder = try TemporaryDirectory()
        let registry = try Registry.open(path: folder.path("registry.sqlite"))
        let values = ["131082", " 131082 ", "139999", "13108", "abc"]
        let (every, some) = try registry.read { db in
            (try CenterRepository(db).validator, try CenterRepository(db).validator(regions: values))
        }
        #expect(some.codes.divisions.count == 3)
        for value in values { #expect(Self.region(value, some) == Self.region(value, every), "\(value)") }
        #expect(Self.region(" 131082 ", some) == "131082")
        #expect(Self.region("139999", some) == "region_code 139999: no such division")
    }

    /// The region a validator reads from `value`, or its refusal.
    static func region(_ value: String, _ validator: CenterValidator) -> String {
        var center = Center(code: "", name: "", kind: .protection, regionCode: "")
        do throws(ValidationFailure) {
            try validator.apply(.regionCode, raw: value, to: &center)
            return center.regionCode
        } catch {
            return error.description
        }
    }
}
