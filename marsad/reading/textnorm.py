"""Text normalisation shared by matching, search and deduplication.

Arabic spelling varies in ways that carry no meaning for matching: diacritics,
tatweel, the alef forms (أ إ آ ٱ → ا), alef maqsura (ى → ي), ta marbuta (ة → ه)
and Eastern Arabic or Persian digits. :func:`normalize` folds all of these and
Latin case/accents; :func:`light_stem` strips the proclitics و ف ب ك ل and the
article ال so that بدمشق finds دمشق.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_AR_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_AR_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ﻷ": "لا", "ﻵ": "لا", "ﻹ": "لا", "ﻻ": "لا",
})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Invisible marks that scraped text carries inside words: bidi controls, zero-width characters.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "`": "'"})
_ARABIC_CHAR = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_CHAR = re.compile("[A-Za-z\u00c0-\u024f]")

PROCLITICS = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ك", "ل")


def digits_to_ascii(text: str) -> str:
    return text.translate(_DIGITS)


def strip_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text)


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """The folded form of one character: may be empty (diacritics, invisible marks) or longer (ligatures)."""
    out = strip_invisible(unicodedata.normalize("NFKC", ch))
    out = _AR_DIACRITICS.sub("", out).translate(_AR_FOLD).translate(_DIGITS).translate(_QUOTES)
    return "".join(c for c in unicodedata.normalize("NFKD", out.lower()) if not unicodedata.combining(c))


_FAST: tuple[frozenset[str], frozenset[str], dict[int, str | None]] | None = None


def _fast_path() -> tuple[frozenset[str], frozenset[str], dict[int, str | None]]:
    """For the fast path of :func:`fold`: the characters whose fold is one character or none (ASCII,
    Arabic letters, digits and marks, quotes), those of them that fold to nothing, and the table."""
    global _FAST
    if _FAST is None:
        candidates = [chr(c) for c in [9, 10, 13, *range(0x20, 0x7F), *range(0x0600, 0x0700), 0xA0, 0xAD,
                                       *range(0x200B, 0x2010)]] + list("“”‘’«»–—")
        safe, dropped, table = set(), set(), {}
        for ch in candidates:
            folded = fold_char(ch)
            if len(folded) <= 1:
                safe.add(ch)
                if not folded:
                    dropped.add(ch)
                    table[ord(ch)] = None
                elif folded != ch:
                    table[ord(ch)] = folded
        _FAST = frozenset(safe), frozenset(dropped), table
    return _FAST


_ASCII: tuple[re.Pattern, dict[int, str]] | None = None


def _ascii_path() -> tuple[re.Pattern, dict[int, str]]:
    """For ASCII text, folded by ``str.lower`` and a small table (most English prose): the characters that
    take the other paths (control characters, and any whose fold the two do not give), and the table."""
    global _ASCII
    if _ASCII is None:
        folds = {chr(c): fold_char(chr(c)) for c in range(128)}
        extra = {ord(ch): out for ch, out in folds.items() if len(out) == 1 and out != ch.lower()}
        other = [ch for ch, out in folds.items() if len(out) != 1 or ch.lower().translate(extra) != out]
        _ASCII = re.compile("[" + "".join(re.escape(ch) for ch in other) + "]" if other else "(?!)"), extra
    return _ASCII


def _quick(text: str) -> str | None:
    """The fold of a text whose every character folds to one character or none, else None."""
    other, extra = _ascii_path()
    if text.isascii() and not other.search(text):
        return text.lower().translate(extra)
    safe, _, table = _fast_path()
    return text.translate(table) if safe.issuperset(text) else None


def fold(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` for matching and keep, for each folded character, its offset in ``text``.

    ``origin`` has one more entry than the folded string, so that a folded range
    ``[i, j)`` maps back to ``text[origin[i]:origin[j]]``. Text whose every
    character folds to one character or none (most English and Arabic prose,
    diacritics included) takes a fast path; the rest goes character by character.
    """
    folded = _quick(text)
    if folded is not None:
        if len(folded) == len(text):
            return folded, list(range(len(text) + 1))
        dropped = _fast_path()[1]
        return folded, [i for i, ch in enumerate(text) if ch not in dropped] + [len(text)]
    parts: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = fold_char(ch)
        parts.append(folded)
        origin.extend([i] * len(folded))
    origin.append(len(text))
    return "".join(parts), origin


def fold_pattern(source: str) -> str:
    """Fold the Arabic letters of a regex source the way :func:`fold` folds text (case is left to re.I)."""
    return _AR_DIACRITICS.sub("", source).translate(_AR_FOLD).translate(_DIGITS)


def normalize(text: str) -> str:
    """Fold a string for comparison: Arabic variants, digits, case, accents, quotes; spaces collapsed."""
    folded = _quick(text)  # (the offsets fold keeps are not needed here)
    return " ".join((fold(text)[0] if folded is None else folded).split())


def light_stem(token: str) -> str:
    """Strip one Arabic proclitic group from a normalised token, keeping at least 2 letters."""
    for clitic in PROCLITICS:
        if token.startswith(clitic) and len(token) - len(clitic) >= 2:
            return token[len(clitic):]
    return token


def tokens(text: str) -> list[str]:
    """Normalised word tokens (letters and digits), in order."""
    return re.findall(r"\w+", normalize(text))


def index_terms(text: str) -> str:
    """Search terms for a text: every folded token, and its light stem where that differs."""
    terms = []
    for token in tokens(text):
        terms.append(token)
        stem = light_stem(token)
        if stem != token:
            terms.append(stem)
    return " ".join(terms)


def query_terms(text: str) -> list[str]:
    """The terms a search query looks for: folded, light-stemmed tokens."""
    return [light_stem(t) for t in tokens(text)]


def script_counts(text: str) -> tuple[int, int]:
    """Number of Arabic-script and Latin-script letters in ``text``."""
    if text.isascii():  # no Arabic letter; the Latin ones counted by deleting the rest, with no list of them
        return 0, len(text.encode("ascii").translate(None, _ASCII_NOT_LATIN))
    return len(_ARABIC_CHAR.findall(text)), len(_LATIN_CHAR.findall(text))


_ASCII_NOT_LATIN = bytes(c for c in range(128) if not _LATIN_CHAR.match(chr(c)))


_AR_VARIANTS = {"ا": "[اأإآ]", "أ": "[اأإآ]", "إ": "[اأإآ]", "آ": "[اأإآ]", "ي": "[يى]", "ى": "[يى]",
                "ة": "[ةه]", "ه": "[ةه]"}


def tolerant(word: str) -> str:
    """A regex source matching ``word`` whatever its alef/ya/ta-marbuta spelling and spacing."""
    parts = []
    for ch in word:
        if ch.isspace():
            parts.append(r"\s+")
        else:
            parts.append(_AR_VARIANTS.get(ch, re.escape(ch)))
    return "".join(parts)


_TERMINAL_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable(value: object) -> str:
    """``value`` as text safe to print on a terminal: control characters (escape sequences, newlines
    that would forge a line, the C1 set) are written as ``\\x1b``-style escapes."""
    return _TERMINAL_CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(value))
