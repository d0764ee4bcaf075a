import Testing

@Test func ChaosCheckTestsPlaceholder() { #expect(Bool(true)) }
