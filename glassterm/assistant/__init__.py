"""The two assistants (manual and proactive), their context, policy, prompts and LLM backend.

Assistants consume events and return outputs. They never touch the UI or audio devices.
"""
