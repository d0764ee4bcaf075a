// PLACEHOLDER: the YAML front end (being written).
import ChaosSource
import ChaosSyntax
import Yams

/// Reads YAML scenario files (and the seed's `test_config.yaml` shape) into the shared AST.
public enum YAMLFrontend {
    public static func parse(_ file: SourceFile, into bag: inout DiagnosticBag) -> ScenarioFile {
        ScenarioFile()
    }
}
