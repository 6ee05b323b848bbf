// A center's coordinates in the system a user gives or asks for (Geography/ChinaCoordinates.swift
// converts); the registry stores WGS-84.

extension Center {
    /// The center with its coordinates, given in `system`, turned into WGS-84 (to 7 decimals).
    public func convertingCoordinates(from system: CoordinateSystem) -> Center {
        withCoordinates(converted: system.toWGS84, unless: system == .wgs84)
    }

    /// The center with its stored WGS-84 coordinates as `system` gives them (to 7 decimals);
    /// unchanged for WGS-84.
    public func expressingCoordinates(in system: CoordinateSystem) -> Center {
        withCoordinates(converted: system.fromWGS84, unless: system == .wgs84)
    }

    private func withCoordinates(
        converted convert: (Double, Double) -> (latitude: Double, longitude: Double), unless unchanged: Bool
    ) -> Center {
        guard !unchanged, let latitude, let longitude else { return self }
        let point = convert(latitude, longitude)
        var center = self
        center.latitude = CoordinateSystem.rounded(point.latitude)
        center.longitude = CoordinateSystem.rounded(point.longitude)
        return center
    }
}

extension StoredCenter {
    /// The stored center with its coordinates as `system` gives them (Center.expressingCoordinates).
    public func expressingCoordinates(in system: CoordinateSystem) -> StoredCenter {
        guard system != .wgs84 else { return self }
        var stored = self
        stored.center = center.expressingCoordinates(in: system)
        return stored
    }
}
