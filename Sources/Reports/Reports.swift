// Reports: placeholder until its issue lands.
enum ReportsModule {}
