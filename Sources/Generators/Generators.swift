// Generators: placeholder until its issue lands.
enum GeneratorsModule {}
