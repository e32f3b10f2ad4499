"""Configuration of the notes app (deliberately insecure: see README.md)."""

import os

DEBUG = True  # FLAW python.debug-enabled
SECRET_KEY = "notes-dev-7Hq2xLk9pQ4z"  # FLAW python.hardcoded-credential
DATABASE = os.environ.get("NOTES_DB", "notes.db")
SESSION_COOKIE_SECURE = False  # FLAW python.cookie-missing-secure
UPLOAD_DIR = "/var/lib/notes/uploads"
ADMIN_PASSWORD = os.environ.get("NOTES_ADMIN_PASSWORD", "")  # safe: read from the environment
