// One row of case statistics: what a center accepted in one period.

/// Cases one center accepted in one period.
public struct CaseStatistic: Sendable, Equatable {
    public var centerCode: String
    public var period: Period
    public var pretrialCases: Int?
    public var protectionCases: Int?
    public var source: String?

    public init(centerCode: String, period: Period, pretrialCases: Int?, protectionCases: Int?, source: String?) {
        self.centerCode = centerCode
        self.period = period
        self.pretrialCases = pretrialCases
        self.protectionCases = protectionCases
        self.source = source
    }
}
