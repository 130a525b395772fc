"""huandu: a tracker for the 2024 goals of Luoyang's 环都市区 counties."""

__version__ = "0.2.0"
