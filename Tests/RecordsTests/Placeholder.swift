import Testing

@Test func RecordsTestsPlaceholder() { #expect(Bool(true)) }
