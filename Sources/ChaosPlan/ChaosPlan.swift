// ChaosPlan: placeholder until its issue lands.
enum ChaosPlanModule {}
