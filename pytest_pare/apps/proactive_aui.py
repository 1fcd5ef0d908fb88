"""The assistant/user channel at upstream's module path (the code is in ``pytest_pare.apps.aui``).

Code written for upstream imports ``pare.apps.proactive_aui``; after ``pare.`` becomes
``pytest_pare.`` it finds the same objects here.
"""

from __future__ import annotations

from pytest_pare.apps.aui import WAIT_MESSAGE, PAREAgentUserInterface, Proposal, UserResponse

__all__ = ["WAIT_MESSAGE", "PAREAgentUserInterface", "Proposal", "UserResponse"]
