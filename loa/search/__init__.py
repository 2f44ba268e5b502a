"""Loa's own site search: a static index in small parts, so that a reader's browser fetches
only the parts its query needs, and folds Vietnamese the way readers type (đ -> d included).

Engine-free: documents in (`documents`), files out (`index`), written by `writer`; the
browser side is `overrides/assets/javascripts/loa-search.js`, which splits and folds queries
exactly as `terms` does."""
