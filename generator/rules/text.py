"""Rules on the rendered text of each letter (what the debtor will actually read)."""
