"""The simulated phone: environment on a simulated clock, event log, notifications, tool noise."""
