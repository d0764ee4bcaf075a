import Testing

@Test func TDATestsPlaceholder() { #expect(Bool(true)) }
