// TDA: placeholder until its issue lands.
enum TDAModule {}
