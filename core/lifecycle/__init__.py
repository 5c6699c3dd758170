"""The data's life cycle: backups, restores and the comparison the restore drill makes."""
