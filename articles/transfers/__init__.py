"""Import and export from the admin, run as background jobs (django-tasks)."""
