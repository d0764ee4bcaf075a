// TDA: the computational core of the streaming engine, pure Swift with no dependencies.
//
// Owns exact Vietoris–Rips persistent homology (H0, H1 over Z/2) of point clouds
// (`RipsPersistence`), persistence diagrams and their text forms (`PersistenceDiagram`),
// diagram features and distances (`DiagramFeatures`, `DiagramDistance`), and streaming:
// sliding windows with delay embedding at several scales (`SlidingWindowEngine`).
//
// Exactness convention (shared/fixtures/tda/README.md): a distance is computed in `Double`,
// squared coordinate differences summed left to right without fused multiply–add, one
// correctly rounded square root, then rounded once to `Float`. Every birth and death is one of
// those `Float` values, so diagrams compare exactly with the reference.

/// The module's version of the distance convention and algorithms, for reports.
public enum TDAInfo {
    /// A short description of the exact-distance convention this module follows.
    public static let distanceConvention =
        "Float32(sqrt(sum_k (x_ik - x_jk)^2)) in Double, k ascending, no FMA"
}
