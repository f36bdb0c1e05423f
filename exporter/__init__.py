"""lms-export: quiz sources in Markdown to Moodle, QTI and Canvas packages."""

__version__ = "0.2.0"
