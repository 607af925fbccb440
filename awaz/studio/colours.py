"""WCAG 2.1 contrast, for the brand colour an organization chooses (white text on it, as on
buttons, and the colour as text on white, as for links: both need 4.5:1, level AA)."""

import re

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
AA = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def is_valid(colour: str) -> bool:
    return bool(HEX.match(colour or ""))


def keeps_aa_with_white(colour: str) -> bool:
    return is_valid(colour) and contrast(colour, "#ffffff") >= AA
