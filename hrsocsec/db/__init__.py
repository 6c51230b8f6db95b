"""What every database connection is set up with, beyond Django's defaults (hrsocsec.db.apps)."""
