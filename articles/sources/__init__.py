"""Where articles come from: files on disk now; web pages and feeds next. Each source yields
`Extracted` articles (or the reason it could not) for the ingest service to store."""
