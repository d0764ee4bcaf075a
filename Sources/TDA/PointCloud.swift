/// A finite set of points in R^dim, stored row-major in one flat array.
public struct PointCloud: Sendable, Equatable {
    /// Coordinates, point after point: point `i` is `coordinates[i*dim ..< (i+1)*dim]`.
    public var coordinates: [Double]
    /// The ambient dimension (number of coordinates per point); at least 1.
    public var dim: Int

    /// A cloud from flat coordinates; `coordinates.count` must be a multiple of `dim`.
    public init(coordinates: [Double], dim: Int) {
        self.coordinates = coordinates
        self.dim = max(dim, 1)
    }

    /// A cloud from one array per point (all of the same length).
    public init(points: [[Double]]) {
        self.dim = max(points.first?.count ?? 1, 1)
        self.coordinates = points.flatMap { $0 }
    }

    /// The number of points.
    public var count: Int { coordinates.count / dim }

    /// Coordinate `k` of point `i`.
    @inlinable public func coordinate(_ i: Int, _ k: Int) -> Double { coordinates[i * dim + k] }
}

/// The exact distance of the fixture convention.
public enum ExactDistance {
    /// `Float(sqrt(sum_k (x[k] - y[k])^2))`, summed in `Double` left to right, no fused
    /// multiply–add, one square root, one rounding to `Float`.
    @inlinable @inline(__always)
    public static func distance(
        _ x: UnsafeBufferPointer<Double>, _ xStart: Int,
        _ y: UnsafeBufferPointer<Double>, _ yStart: Int, dim: Int
    ) -> Float {
        var sum = 0.0
        for k in 0..<dim {
            let diff = x[xStart + k] - y[yStart + k]
            let square = diff * diff
            sum = sum + square
        }
        return Float(sum.squareRoot())
    }

    /// The full symmetric `n×n` distance matrix (row-major) of a cloud.
    public static func matrix(_ cloud: PointCloud) -> [Float] {
        let n = cloud.count, dim = cloud.dim
        var out = [Float](repeating: 0, count: n * n)
        cloud.coordinates.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { d in
                for i in 0..<n {
                    for j in 0..<i {
                        let v = distance(x, i * dim, x, j * dim, dim: dim)
                        d[i * n + j] = v
                        d[j * n + i] = v
                    }
                }
            }
        }
        return out
    }
}
