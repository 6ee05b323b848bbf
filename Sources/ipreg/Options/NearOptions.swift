// `--near LAT,LON --within KM`: only the centers within a distance of a point, for `center list`
// and `export centers` (the same condition as the web view's `near=` and `within=`).
import ArgumentParser
import IPRegistry

struct NearOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Only centers within --within km of this point (degrees, e.g. 39.54,116.68; WGS-84 unless --coords).",
            valueName: "lat,lon"))
    var near: String?

    @Option(help: ArgumentHelp("The distance for --near, in km (great-circle).", valueName: "km"))
    var within: String?

    /// The point and distance, or nil when neither option is given; a usage error when only one
    /// is, or either is not a point or distance.
    func value() throws -> CenterFilter.Near? {
        switch (near, within) {
        case (nil, nil): return nil
        case (let point?, let km?):
            switch CenterFilter.Near.parse(point: point, within: km) {
            case .success(let near): return near
            case .failure(let error): throw ValidationError("--\(error.item.rawValue): \(error.problem)")
            }
        default: throw ValidationError("--near and --within go together: give both")
        }
    }

    /// The same, its point given in `system` (`--coords`) and converted to WGS-84, as stored.
    func value(in system: CoordinateSystem) throws -> CenterFilter.Near? {
        guard var near = try value() else { return nil }
        let point = system.toWGS84(latitude: near.latitude, longitude: near.longitude)
        near.latitude = point.latitude
        near.longitude = point.longitude
        return near
    }

    func validate() throws { _ = try value() }
}
