// ChaosCheck: placeholder.
enum ChaosCheckModule {}
