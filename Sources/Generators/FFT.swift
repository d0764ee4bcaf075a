// A small radix-2 complex FFT on split real/imaginary arrays, for fractional Gaussian noise
// (circulant embedding) and periodograms. Sizes must be powers of two.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// In-place iterative radix-2 fast Fourier transform.
public enum FFT {
    /// The smallest power of two ≥ `n` (and ≥ 1).
    public static func powerOfTwo(atLeast n: Int) -> Int {
        var p = 1
        while p < n { p <<= 1 }
        return p
    }

    /// Transforms `(re, im)` in place: X_k = Σ_j x_j e^{∓2πijk/n} (− forward, + inverse).
    /// The inverse is not divided by n. Both arrays must have the same power-of-two length.
    public static func transform(re: inout [Double], im: inout [Double], inverse: Bool = false) {
        let n = re.count
        precondition(n == im.count && n & (n - 1) == 0, "FFT size must be a power of two")
        if n < 2 { return }
        var j = 0
        for i in 1..<n {
            var bit = n >> 1
            while j & bit != 0 { j ^= bit; bit >>= 1 }
            j |= bit
            if i < j { re.swapAt(i, j); im.swapAt(i, j) }
        }
        let sign: Double = inverse ? 1 : -1
        var length = 2
        while length <= n {
            let angle = sign * 2 * Double.pi / Double(length)
            let half = length / 2
            re.withUnsafeMutableBufferPointer { r in
                im.withUnsafeMutableBufferPointer { m in
                    for k in 0..<half {
                        let wr = cos(angle * Double(k)), wi = sin(angle * Double(k))
                        var start = 0
                        while start < n {
                            let a = start + k, b = a + half
                            let tr = r[b] * wr - m[b] * wi
                            let ti = r[b] * wi + m[b] * wr
                            r[b] = r[a] - tr; m[b] = m[a] - ti
                            r[a] += tr; m[a] += ti
                            start += length
                        }
                    }
                }
            }
            length <<= 1
        }
    }
}

/// Exact fractional Gaussian noise by circulant embedding (Davies and Harte, 1987).
///
/// Build once per (length, Hurst) pair, then draw as many independent blocks as needed. Each
/// block has unit variance and autocovariance γ(k) = ½(|k+1|^{2H} − 2|k|^{2H} + |k−1|^{2H}).
public struct FractionalGaussianNoise: Sendable {
    /// Samples per block (a power of two).
    public let count: Int
    /// The Hurst exponent (0 < H < 1).
    public let hurst: Double
    /// √(λ_k / 2m) for the 2·count eigenvalues of the circulant embedding.
    private let scale: [Double]

    /// Prepares blocks of `count` samples (rounded up to a power of two) with Hurst `hurst`.
    public init(count: Int, hurst: Double) {
        let n = FFT.powerOfTwo(atLeast: max(count, 2))
        self.count = n
        self.hurst = hurst
        let m = 2 * n
        let h2 = 2 * hurst
        func gamma(_ k: Double) -> Double {
            0.5 * (pow(k + 1, h2) - 2 * pow(k, h2) + pow(abs(k - 1), h2))
        }
        var re = [Double](repeating: 0, count: m)
        var im = [Double](repeating: 0, count: m)
        for j in 0...n { re[j] = gamma(Double(j)) }
        for j in (n + 1)..<m { re[j] = re[m - j] }
        FFT.transform(re: &re, im: &im)
        // Eigenvalues are ≥ 0 for fGn; clamp round-off.
        scale = re.map { (max($0, 0) / Double(2 * m)).squareRoot() }
    }

    /// One block of `count` samples drawn from `rng`.
    public func block(using rng: inout Xoshiro256) -> [Double] {
        let n = count, m = 2 * n
        var re = [Double](repeating: 0, count: m)
        var im = [Double](repeating: 0, count: m)
        let root2 = 2.0.squareRoot()
        re[0] = scale[0] * root2 * rng.normal()
        re[n] = scale[n] * root2 * rng.normal()
        for k in 1..<n {
            let a = scale[k] * rng.normal(), b = scale[k] * rng.normal()
            re[k] = a; im[k] = b
            re[m - k] = a; im[m - k] = -b
        }
        FFT.transform(re: &re, im: &im)
        return Array(re[0..<n])
    }
}
