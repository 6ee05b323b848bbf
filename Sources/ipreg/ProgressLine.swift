// The progress of a long import, drawn in place on standard error when it is a terminal.
import IPRegistry
import RegistryOutput
import TabularFiles

/// A progress line on standard error, redrawn in place; shown only after the first second.
final class ProgressLine {
    private var lastDrawn = -1.0

    private var lastPhase = ImportPhase.rows

    func show(_ progress: ImportProgress) {
        // A new phase is drawn at once: it may last seconds with nothing else to show.
        let newPhase = progress.phase != lastPhase
        lastPhase = progress.phase
        guard progress.seconds >= 1, newPhase || progress.seconds - lastDrawn >= 0.2 else { return }
        lastDrawn = progress.seconds
        let rate = Int(Double(progress.rows) / max(progress.seconds, 0.001))
        var text = "\r\(progress.rows) rows, \(rate) rows/s"
        if let total = progress.totalBytes, total > 0 {
            let fraction = min(1, Double(progress.bytes) / Double(total))
            let width = 30
            let filled = Int(fraction * Double(width))
            text +=
                " [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
                + "\(Int(fraction * 100))%"
        }
        if progress.phase != .rows { text += ", " + progress.phase.rawValue }
        OutputStream.standardError.write(text + "\u{1B}[K")
    }

    func clear() {
        if lastDrawn >= 0 { OutputStream.standardError.write("\r\u{1B}[K") }
    }
}
