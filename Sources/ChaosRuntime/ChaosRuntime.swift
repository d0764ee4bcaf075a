// ChaosRuntime: placeholder until its issue lands.
enum ChaosRuntimeModule {}
