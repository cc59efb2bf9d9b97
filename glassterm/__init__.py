"""glassterm: emulate AI smart glasses in a terminal, proactive and manual side by side."""

__version__ = "0.1.0"
