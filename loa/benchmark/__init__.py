"""The benchmark of `make benchmark` (scripts/benchmark): generated announcements that follow the
content model, built with Loa (cold and warm), Material's blog plugin and Hugo on the same content,
the edit-to-page time of the preview server, peak memory and output size, as a table and as JSON."""
