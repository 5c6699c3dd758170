"""The plugin kit: ``shouhou plugin new NAME`` scaffolds a separate, installable plugin package."""
