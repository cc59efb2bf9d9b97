"""Energy: counted work, device profiles, battery projection. Never imports textual."""

from glassterm.power.energy import EnergyReport, always_on_mw, price
from glassterm.power.ledger import EnergyLedger, Work
from glassterm.power.profile import (
    DEFAULT_PROFILE,
    Battery,
    Cost,
    DeviceProfile,
    list_profiles,
    load_profile,
    parse_profile,
)

__all__ = [
    "DEFAULT_PROFILE",
    "Battery",
    "Cost",
    "DeviceProfile",
    "EnergyLedger",
    "EnergyReport",
    "Work",
    "always_on_mw",
    "list_profiles",
    "load_profile",
    "parse_profile",
    "price",
]
