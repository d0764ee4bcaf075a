import ChaosTestSupport

/// This target's golden corpora (`Resources/` next to this file).
let Golden = GoldenFiles(testFile: #filePath)
