"""The HUD: a Textual view of the glasses. Pushed to by the session, never polling it.

Entry points: `glassterm.hud.app.run_hud` (play a scene) and `glassterm.hud.app.run_live`.
"""
