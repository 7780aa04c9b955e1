"""Analysis stage: what the notebooks call. Money and timeline logic, facts, chart builders and their theme, and the runner that executes the notebooks."""
