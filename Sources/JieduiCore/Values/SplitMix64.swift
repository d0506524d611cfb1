/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seeded generator that gives the same numbers on
/// every platform and Swift version, unlike the standard library's generators and `shuffled()`.
/// The demo town and the property and fuzz tests draw from it, so that a seed is a fixed input.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`; the modulo bias is negligible for the small bounds used.
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }

    /// A number in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % (UInt64(range.upperBound - range.lowerBound) + 1))
    }
}
