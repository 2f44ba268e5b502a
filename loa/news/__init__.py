"""The news section: listings, pages, feed and data built from the content model."""
