// Number formats shared by the text table, summary.md and report.html.
import Foundation

/// Human formats of durations, ratios and rates.
public enum BenchFormat {
    /// `812 µs`, `12.3 ms`, `1.234 s`.
    public static func seconds(_ s: Double) -> String {
        if s < 1e-3 { return String(format: "%.0f µs", s * 1e6) }
        if s < 1 { return String(format: "%.3g ms", s * 1e3) }
        return String(format: "%.3f s", s)
    }

    /// `+12.3%`, `-4.0%`.
    public static func signedPercent(_ x: Double) -> String { String(format: "%+.1f%%", x * 100) }

    /// `4.0%`.
    public static func percent(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }

    /// `0.003`, `<0.001`.
    public static func pValue(_ p: Double) -> String { p < 0.001 ? "<0.001" : String(format: "%.3f", p) }

    /// `1.23 M/s`, `45.6 k/s`, `812/s`.
    public static func rate(_ r: Double) -> String {
        if r >= 1e6 { return String(format: "%.2f M/s", r / 1e6) }
        if r >= 1e3 { return String(format: "%.1f k/s", r / 1e3) }
        return String(format: "%.0f/s", r)
    }

    /// `×0.84` (median / reference).
    public static func ratio(_ x: Double) -> String { String(format: "×%.2f", x) }
}
