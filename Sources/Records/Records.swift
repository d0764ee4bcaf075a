// Records: placeholder until its issue lands.
enum RecordsModule {}
