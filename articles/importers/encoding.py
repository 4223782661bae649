"""Bytes to text without silent mojibake.

Order: a byte-order mark decides (UTF-8, UTF-16, UTF-32); then UTF-16 without a
BOM is recognised by its NUL bytes; then strict UTF-8; then charset-normalizer
guesses, and the guess is reported to the editor. Text no detector is sure of
is refused with a reason instead of being imported garbled.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


class EncodingProblem(ValueError):
    """The bytes are not text in any encoding we can name with confidence."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    guessed: bool  # True when a detector chose the encoding (worth telling the editor)


def decode_text(data: bytes) -> DecodedText:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data[len(bom) :].decode(encoding), encoding, False)
            except UnicodeDecodeError as exc:
                raise EncodingProblem(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {exc.start})"
                ) from exc
    bomless = _bomless_utf16(data)
    if bomless:
        return DecodedText(data.decode(bomless), bomless, True)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise EncodingProblem("contains NUL bytes: binary, or an encoding that cannot be told")
    results = list(from_bytes(data))
    if not results:
        raise EncodingProblem("not UTF-8, and its encoding could not be detected; save it as UTF-8")
    best = results[0]
    # Short Western text decodes cleanly in a dozen single-byte code pages and the
    # detector's pick among equals is close to arbitrary ("naïve" read as "naďve").
    # Prefer windows-1252 when it is as clean as the pick: it is what such files are
    # in practice (and what browsers assume for unlabelled Latin-1).
    for result in results:
        if result.encoding == "cp1252" and result.chaos <= best.chaos:
            best = result
            break
    return DecodedText(str(best), best.encoding, True)


def decode_with(data: bytes, encoding: str) -> DecodedText:
    """The editor named the encoding (--encoding): use it, strictly."""
    try:
        return DecodedText(data.decode(encoding), encoding, False)
    except LookupError as exc:
        raise EncodingProblem(f"unknown encoding {encoding!r}") from exc
    except UnicodeDecodeError as exc:
        raise EncodingProblem(f"is not valid {encoding} (byte {exc.start})") from exc


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 text in a Latin script has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    for nuls, other, encoding in (
        (odd_nuls, even_nuls, "utf-16-le"),
        (even_nuls, odd_nuls, "utf-16-be"),
    ):
        if nuls > half * 0.4 and other == 0:
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return encoding
    return None
