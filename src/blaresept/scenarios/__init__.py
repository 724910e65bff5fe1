"""The scenario files: a public conformance format (docs/scenarios.md). Each file holds one scenario of a
known kind; an unknown kind or key is an error, never skipped."""
