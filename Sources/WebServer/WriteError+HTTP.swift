// The HTTP status of each kind of refused write: one table for the JSON API and the forms, so
// the same refusal never answers two statuses (docs/web-api.md).
import IPRegistry

extension WriteError.Kind {
    var httpStatus: Int {
        switch self {
        case .malformed: return 400
        case .invalid: return 422
        case .forbidden: return 403
        case .notFound: return 404
        case .conflict: return 409
        case .stale: return 412
        case .preconditionRequired: return 428
        }
    }
}
