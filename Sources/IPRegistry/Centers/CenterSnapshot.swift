// A center as one JSON object (SPEC.md section 4), as `center show` and `center list` print it,
// and the form history keeps it in (with the center's statistics, for a restore).
public enum CenterSnapshot {
    /// The keys of the JSON object, in order.
    public static let keys: [String] = {
        var keys = CenterField.allCases.map(\.column)
        keys.insert("region_name", at: keys.firstIndex(of: "region_code").map { $0 + 1 } ?? keys.count)
        return keys + ["created_at", "updated_at"]
    }()

    public static func cells(of stored: StoredCenter) -> [Cell] {
        var cells = CenterField.allCases.map { stored.center.cell(of: $0) }
        cells.insert(.text(stored.regionName), at: (CenterField.allCases.firstIndex(of: .regionCode) ?? 0) + 1)
        return cells + [.text(stored.createdAt), .text(stored.updatedAt)]
    }

    /// The form history keeps, as an SQL expression over a center row `c`: the same keys as the
    /// JSON object, with the center's statistics, but without absent fields and what can be derived
    /// (region_name, updated_at). SQL builds it so that a bulk import writes all its history in one
    /// statement; every history entry, single or bulk, comes from this one expression.
    /// (`json()` around subqueries keeps their arrays JSON: a subquery's result loses its JSON subtype.)
    static let historySQL = """
        json_patch('{}', json_object(
            'code', c.code, 'name', c.name, 'name_en', c.name_en, 'kind', c.kind, 'status', c.status,
            'region_code', c.region_code, 'address', c.address,
            'industries', json((SELECT json_group_array(industry_code) FROM
                (SELECT industry_code FROM center_industries WHERE center_id = c.id ORDER BY 1))),
            'services', json((SELECT json_group_array(service_code) FROM
                (SELECT service_code FROM center_services WHERE center_id = c.id ORDER BY 1))),
            'approved', c.approved, 'opened', c.opened, 'approval_doc', c.approval_doc, 'host', c.host,
            'latitude', c.latitude, 'longitude', c.longitude, 'website', c.website, 'source', c.source,
            'notes', c.notes, 'created_at', c.created_at,
            'statistics', json((SELECT json_group_array(json_patch('{}', json_object(
                    'period', period, 'pretrial_cases', pretrial_cases, 'protection_cases', protection_cases, 'source', source)))
                FROM (SELECT * FROM case_statistics WHERE center_id = c.id ORDER BY period_start)))))
        """
}
