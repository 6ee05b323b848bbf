// Filter values that more than one list command reads alike.
import IPRegistry

enum FilterValues {
    /// Each `--region` value as the division code it names, by the rule of a center's region, so
    /// that a typo is an error (under `--region`) rather than an empty list. `codes` are those
    /// loaded for `values` (`ReferenceCodes.load(from:regions:)`) or every one.
    static func regions(_ values: [String], codes: ReferenceCodes, failures: inout [ValidationFailure]) -> [String] {
        let validator = CenterValidator(codes: codes)
        var regions: [String] = []
        for value in values {
            var scratch = Center(code: "", name: "", kind: .protection, regionCode: "")
            do throws(ValidationFailure) {
                try validator.apply(.regionCode, raw: value, to: &scratch)
                regions.append(scratch.regionCode)
            } catch {
                failures.append(ValidationFailure(field: "--region", value: error.value, rule: error.rule))
            }
        }
        return regions
    }
}
