"""Private helpers every room may use: atomic files, seeding, lazy ARE imports, JSON values."""
