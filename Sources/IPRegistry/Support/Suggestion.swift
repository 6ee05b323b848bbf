// "Did you mean ...?" for a mistyped code.
enum Suggestion {
    /// The candidate closest to `input` by edit distance, when it is close enough to be a typo and
    /// no other candidate is as close (a tie is no suggestion: `990000` is as near to every province).
    static func closest(to input: String, among candidates: some Sequence<String>) -> String? {
        let typed = Array(input.lowercased().unicodeScalars)
        let threshold = max(2, typed.count / 3)
        var best: (candidate: String, distance: Int)?
        var tied = false
        for candidate in candidates {
            let scalars = Array(candidate.unicodeScalars)
            // The distance is at least the difference in length: skip hopeless candidates, which
            // also keeps a huge mistyped value (a 16 MB CSV field) from costing seconds.
            guard abs(scalars.count - typed.count) <= threshold else { continue }
            let distance = editDistance(typed, scalars)
            if distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
                tied = false
            } else if distance == best?.distance {
                tied = true
            }
        }
        guard let best, !tied, best.distance <= threshold else { return nil }
        return best.candidate
    }

    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    static func hint(for input: String, among candidates: some Sequence<String>) -> String {
        closest(to: input, among: candidates).map { " (did you mean \($0)?)" } ?? ""
    }
}
