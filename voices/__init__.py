"""Voice presets: how the one bundled Piper voice is made to sound like different people."""
