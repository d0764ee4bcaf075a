import Testing

@Test func EngineTestsPlaceholder() { #expect(Bool(true)) }
