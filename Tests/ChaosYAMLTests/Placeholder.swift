import Testing

@Test func ChaosYAMLTestsPlaceholder() { #expect(Bool(true)) }
