"""Energy: counted work, device profiles, battery projection. Never imports textual."""

from glassterm.power.cost import Cost
from glassterm.power.energy import EnergyReport, Spread, always_on_mw, hours_text, price
from glassterm.power.ledger import EnergyLedger, Work
from glassterm.power.profile import DEFAULT_PROFILE, Battery, DeviceProfile, list_profiles, load_profile, parse_profile
from glassterm.power.sensitivity import ModeComparison, SensitivityRow, sensitivity_lines

__all__ = [
    "DEFAULT_PROFILE",
    "Battery",
    "Cost",
    "DeviceProfile",
    "EnergyLedger",
    "EnergyReport",
    "ModeComparison",
    "SensitivityRow",
    "Spread",
    "Work",
    "always_on_mw",
    "hours_text",
    "list_profiles",
    "load_profile",
    "parse_profile",
    "price",
    "sensitivity_lines",
]
