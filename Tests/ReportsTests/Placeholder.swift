import Testing

@Test func reportsPlaceholder() { #expect(Bool(true)) }
