"""Search over files, receipts and final notes: one box in the header, /search for more.
`search.services.search` is the one entry point; `sync.rebuild()` refills the index."""
