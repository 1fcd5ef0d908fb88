"""The action format every agent answers in; ARE's JSON action parser reads it back."""

from __future__ import annotations

ACTION_FORMAT = """\
Answer with exactly one thought and one action, in this format and nothing after it:

Thought: <one or two sentences: what you notice and why you choose this action>
Action:
{
  "action": "<tool name, exactly as listed>",
  "action_input": {"<argument name>": <value>}
}<end_action>

Use "action_input": {} for a tool without arguments. Call one tool per answer; its
result comes back as an observation before your next answer.
"""
