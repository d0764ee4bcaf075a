// Continuous and discrete distributions drawn from `Xoshiro256`. Each method consumes a
// documented number of 64-bit words, so streams stay reproducible when parameters change.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Xoshiro256 {
    /// Uniform on [0, 1) with 53 random bits.
    @inlinable @inline(__always) public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform on (0, 1]: safe to take the logarithm of.
    @inlinable @inline(__always) public mutating func uniformPositive() -> Double {
        Double((next() >> 11) + 1) * 0x1.0p-53
    }

    /// A uniform integer in 0..<bound (Lemire's multiply-shift; bias below 2^-40 for bounds < 2^24).
    @inlinable @inline(__always) public mutating func index(below bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// True with probability `p`.
    @inlinable @inline(__always) public mutating func bernoulli(_ p: Double) -> Bool {
        uniform() < p
    }

    /// A standard normal by the polar (Marsaglia) form of Box–Muller; pairs are cached.
    @inlinable public mutating func normal() -> Double {
        if hasSpare { hasSpare = false; return spareNormal }
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let f = (-2 * log(s) / s).squareRoot()
                spareNormal = v * f
                hasSpare = true
                return u * f
            }
        }
    }

    /// Exponential with the given rate (mean 1/rate).
    @inlinable @inline(__always) public mutating func exponential(rate: Double) -> Double {
        -log(uniformPositive()) / rate
    }

    /// Pareto (type I) with scale `minimum` and tail index `alpha`: P(X > x) = (minimum/x)^alpha.
    @inlinable @inline(__always) public mutating func pareto(minimum: Double, alpha: Double) -> Double {
        minimum * pow(uniformPositive(), -1 / alpha)
    }

    /// Student-t with `nu` degrees of freedom (Bailey's polar method), unscaled.
    @inlinable public mutating func studentT(nu: Double) -> Double {
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let w = u * u + v * v
            if w > 0 && w <= 1 {
                return u * (nu * (pow(w, -2 / nu) - 1) / w).squareRoot()
            }
        }
    }

    /// Student-t with `nu > 2` degrees of freedom scaled to unit variance.
    @inlinable public mutating func standardizedStudentT(nu: Double) -> Double {
        studentT(nu: nu) * ((nu - 2) / nu).squareRoot()
    }
}
