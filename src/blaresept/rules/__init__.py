"""The pure rules core: parameters, rules and explanations. No database, no web, no I/O beyond reading
the packaged parameter files once. Folders mirror the law."""
