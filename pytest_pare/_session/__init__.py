"""What plugin.py hands off to: controller, session checks, runs in flight, rows, result cache."""
