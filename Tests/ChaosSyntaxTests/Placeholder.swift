import Testing

@Test func ChaosSyntaxTestsPlaceholder() { #expect(Bool(true)) }
