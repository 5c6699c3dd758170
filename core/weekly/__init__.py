"""Weekly service reports (周报, DOMAIN §12, 003 篇3 四): every technician's week, by Friday noon."""
