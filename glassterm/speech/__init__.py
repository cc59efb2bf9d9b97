"""The speech pipeline: source -> VAD -> ASR -> (assistant) -> TTS -> sink.

Each stage is usable alone; none imports textual. Models load through `glassterm.models.ModelHub`,
which calls `asr.load_asr`, `tts.load_tts` and `vad.load_vad`. Work counts (audio seconds, VAD
frames) are exposed so callers can charge an `EnergyLedger`; nothing here charges it.
"""
