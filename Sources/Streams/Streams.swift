// Streams: placeholder until its issue lands.
enum StreamsModule {}
