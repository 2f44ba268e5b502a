"""The MkDocs adapter: wires Loa's content model and news section into a MkDocs build."""
