"""The content model: announcements and site identity as plain data, with no engine import."""
