"""The site as Loa makes it, free of any engine: every output (pages, data, files) with what it
depends on. An engine adapter (loa.mkdocs_plugin) supplies the theme's chrome and writes them."""
