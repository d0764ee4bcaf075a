// Generators: seeded, realistic record streams for chaos scenarios (IoT sensors, market ticks,
// network flows), the random numbers under them and the statistics that check them.
//
// Design: every stream key owns its own random generator, seeded from
// (scenario seed, generator name, key) by `StreamSeed`, so a key's stream does not depend on how
// many other keys there are or in which order they are drawn. Nothing here reads the clock or
// the process-randomised `Hasher`; the same seed gives the same bytes on every run.

/// SplitMix64: a tiny generator used to expand one 64-bit seed into xoshiro state, and as a
/// 64-bit mixing function.
public struct SplitMix64: Sendable {
    /// The current state; every call to `next()` advances it by the golden-ratio increment.
    public var state: UInt64

    /// Creates a generator whose first output mixes `seed + 0x9E3779B97F4A7C15`.
    @inlinable public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    @inlinable public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a bijective 64-bit mix with good avalanche.
    @inlinable public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman and Vigna, 2018): the generator behind every stream.
///
/// Fast (a few shifts and rotations), 256 bits of state, period 2^256 − 1, and it passes the
/// usual statistical batteries. The state is expanded from a 64-bit seed with SplitMix64, as its
/// authors recommend, so no seed yields the all-zero state.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    @usableFromInline var s0, s1, s2, s3: UInt64
    /// A spare standard normal left over from the last Box–Muller pair.
    @usableFromInline var spareNormal: Double = 0
    @usableFromInline var hasSpare = false

    /// Creates a generator from a 64-bit seed (expanded with SplitMix64).
    @inlinable public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    /// The next 64 random bits.
    @inlinable @inline(__always) public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inlinable @inline(__always) func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 &- k))
    }
}

/// Derives the seed of one stream from the scenario seed, the generator's name and the key.
///
/// The hash is spelled out so any implementation can reproduce it (docs/generators.md):
/// `h = FNV-1a-64(utf8(generator) ++ [0x00] ++ utf8(key))`, then
/// `seed = splitmix64_mix(splitmix64_mix(scenarioSeed) ^ h)`.
/// Swift's `Hasher` is never used: it is randomly seeded per process.
public enum StreamSeed {
    /// FNV-1a 64-bit offset basis.
    public static let fnvOffset: UInt64 = 0xCBF2_9CE4_8422_2325
    /// FNV-1a 64-bit prime.
    public static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    /// FNV-1a over the UTF-8 bytes of `generator`, a zero byte, then the UTF-8 bytes of `key`.
    public static func fnv1a(generator: String, key: String) -> UInt64 {
        var h = fnvOffset
        for b in generator.utf8 { h = (h ^ UInt64(b)) &* fnvPrime }
        h = (h ^ 0) &* fnvPrime
        for b in key.utf8 { h = (h ^ UInt64(b)) &* fnvPrime }
        return h
    }

    /// The seed of stream `key` of generator `generator` in a scenario seeded with `scenarioSeed`.
    public static func derive(scenarioSeed: UInt64, generator: String, key: String) -> UInt64 {
        SplitMix64.mix(SplitMix64.mix(scenarioSeed) ^ fnv1a(generator: generator, key: key))
    }

    /// A ready generator for stream `key`.
    public static func rng(scenarioSeed: UInt64, generator: String, key: String) -> Xoshiro256 {
        Xoshiro256(seed: derive(scenarioSeed: scenarioSeed, generator: generator, key: key))
    }
}
