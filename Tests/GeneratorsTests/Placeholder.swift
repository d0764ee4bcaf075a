import Testing

@Test func GeneratorsTestsPlaceholder() { #expect(Bool(true)) }
