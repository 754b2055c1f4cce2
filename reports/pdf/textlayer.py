"""Correct PDF text layer for Thai (and other GSUB-heavy scripts) in WeasyPrint 70.0.

The bug (Kozea/WeasyPrint#2841, probe ``docs/pdf-probe.md`` §5.6)
-----------------------------------------------------------------
WeasyPrint writes each glyph to the content stream with its glyph id as the
character code (``/Identity-H``) and builds the ``/ToUnicode`` CMap from
``Font.to_unicode``, a ``{glyph id: text}`` dict filled in ``draw_first_line``
the *first* time a glyph is drawn (``if glyph_id not in font.to_unicode``).
One glyph id therefore has one text for the whole document (per font weight).

HarfBuzz's Thai shaper draws สระอำ (U+0E33) as NIKHAHIT + SARA AA, and the SARA AA
glyph is the very glyph "า" (U+0E32) uses.  Depending on which comes first, every
"า" extracts as "ำ" ("กำรดำเนินกำร") or every "ำ" as "า" ("ดาเนินการ").  A tone
mark before ำ (น้ำ, ต่ำ, สม่ำเสมอ) makes HarfBuzz merge the tone and ำ into one
cluster drawn with glyph variants, and the whole cluster text lands on the shared
SARA AA glyph, so "า" can even extract as "้ำ".  Inside a cluster WeasyPrint also
gives all the text to the *last* glyph, and each mark keeps its own text; a
zero-width mark drawn with an offset can be put by pdftotext on a line of its own
("ผูน" / "้ ำ" for ผู้นำ in bold).  The pages look
right; copy-paste, search, screen readers and indexing get wrong text.

The fix ("Give every (glyph, text) pair its own ToUnicode identity", the idea of
the upstream proposal f141087d / Kozea/WeasyPrint#2869)
--------------------------------------------------------------------------------
1. Before drawing a glyph run, the text of every Pango cluster is given to one
   glyph of the cluster: the widest one drawn on the baseline (no y offset); the
   other glyphs of the cluster carry no text.  A left-to-right cluster made only
   of combining marks drawn with no advance (or raised) gives its text to the
   previous cluster's glyph, so a whole grapheme (ผู้, ป่) is carried by its base
   letter and no extractor can move a mark away from it.
2. The first text a glyph is drawn with keeps the glyph id as its character
   code (fonts without conflicts keep ``/CIDToGIDMap /Identity``).  Any *other*
   text for the same glyph gets a new character code (a CID above the font's
   glyph count, allocated like WeasyPrint's own codes for missing glyphs), with
   its own ``/ToUnicode`` entry and ``/W`` width.
3. When a font has such codes, its ``/CIDFontType2`` gets a ``/CIDToGIDMap``
   stream (identity for real glyphs, alias CID → real glyph id) instead of
   ``/Identity``.  ``/Encoding`` stays ``/Identity-H``: routing the aliases
   through WeasyPrint's custom ``/Encoding`` CMap would fix poppler but breaks
   pypdf, which reads a Type0 font with an embedded encoding CMap as
   single-byte StandardEncoding.  For the same reason the codes WeasyPrint gives
   missing (.notdef) glyphs are also mapped to glyph 0 by the ``/CIDToGIDMap``
   and the font keeps ``/Identity-H`` (stock 70.0 switches the whole font to
   such a CMap as soon as one character is missing, and pypdf then extracts
   garbage for every word in that font).
4. With ``full_fonts`` or PDF forms, WeasyPrint builds ``/ToUnicode`` from the
   font's cmap; the drawn (glyph, text) entries are merged into it.

The same glyphs are drawn at the same places with the same widths, so pages are
pixel-identical; the embedded font file is unchanged.  The PDF grows a little
(a longer ``/ToUnicode`` and a ``/CIDToGIDMap`` of two bytes per glyph id).

Both ``pdftotext`` (poppler) and ``pypdf`` then extract the source text exactly
(NFC; no NFKC needed).  ``/ActualText`` spans were rejected: pypdf ignores them.

Limits: CFF-flavoured OpenType fonts (``/CIDFontType0``) have no
``/CIDToGIDMap``; for them (and for bitmap fonts and .notdef glyphs) the stock
first-come behaviour is kept.  Laksaman (the PDFs' font) is TrueType, so the project is covered.
Right-to-left clusters get step 1 without the merge of marks into their base.

The patch replaces a few lines of ``weasyprint.draw.text.draw_first_line``
(applied as source hunks, so the patch reads as the diff to propose upstream) and wraps
``Font.get_unused_glyph_id``, ``Font.subset`` and
``weasyprint.pdf.fonts._build_vector_font_dictionary``.  It is pinned to
WeasyPrint 70.0: :func:`apply` refuses any other version.  Drop it when
Kozea/WeasyPrint#2841 is fixed in a release (re-run tests/reports/test_textlayer.py).

Usage: call :func:`apply` once per process, before the first render: in
``ReportsConfig.ready()`` (runs in web and Celery worker processes alike) or at the
top of the module that calls ``HTML(...).write_pdf()``.  It is idempotent.
"""

import functools
import inspect
import linecache
import re
import struct
import unicodedata

__all__ = ["WEASYPRINT_VERSION", "TextLayerPatchError", "apply", "is_applied"]

WEASYPRINT_VERSION = "70.0"

_applied = False


class TextLayerPatchError(RuntimeError):
    """The installed WeasyPrint is not the version this patch was written for."""


# Hunks applied to the source of weasyprint.draw.text.draw_first_line (70.0).
_HUNKS = (
    (
        "        utf8_text = None\n",
        "        utf8_text = None\n        glyph_texts = None\n",
    ),
    (
        "            # Create mapping between glyphs and Unicode codepoints.\n"
        "            if glyph_id not in font.to_unicode:\n"
        "                # Get positions of the glyph in the UTF-8 string.\n"
        "                offset = glyph_item.item.offset\n"
        "                t1 = clusters[i]\n"
        "                if glyph_item.item.analysis.level % 2:  # rtl\n"
        "                    t2 = glyph_item.item.length if i == 0 else clusters[i-1]\n"
        "                else:\n"
        "                    t2 = glyph_item.item.length if i == num_glyphs-1 else clusters[i+1]\n"
        "                utf8_text = utf8_text or textbox.pango_layout.text.encode()\n"
        "                font.to_unicode[glyph_id] = utf8_text[offset+t1:offset+t2].decode()\n",
        "            # Give every (glyph, text) pair its own character code.\n"
        "            if glyph_texts is None:\n"
        "                utf8_text = utf8_text or textbox.pango_layout.text.encode()\n"
        "                glyph_texts = _textlayer_glyph_texts(glyph_item, utf8_text)\n"
        "            code = _textlayer_code(font, glyph_id, glyph_texts[i])\n",
    ),
    (
        "                string += f'<{glyph_id:02x}>' if font.bitmap else f'<{glyph_id:04x}>'\n",
        "                string += f'<{code:02x}>' if font.bitmap else f'<{code:04x}>'\n",
    ),
    (
        "                string += f'{glyph_id:02x}' if font.bitmap else f'{glyph_id:04x}'\n",
        "                string += f'{code:02x}' if font.bitmap else f'{code:04x}'\n",
    ),
)


@functools.lru_cache(maxsize=4096)
def _is_mark(text):
    return bool(text) and all(unicodedata.category(char).startswith("M") for char in text)


def _glyph_texts(glyph_item, utf8_text):
    """Return the text each glyph of a Pango glyph item carries (``''`` for most marks)."""
    from weasyprint.text.ffi import pango

    empty = pango.PANGO_GLYPH_EMPTY
    item = glyph_item.item
    glyph_string = glyph_item.glyphs
    num_glyphs = glyph_string.num_glyphs
    infos = glyph_string.glyphs
    rtl = item.analysis.level % 2

    groups = {}  # cluster start (bytes from item start) -> glyph indices, in glyph order
    for i, cluster in enumerate(glyph_string.log_clusters[0:num_glyphs]):
        groups.setdefault(cluster, []).append(i)
    starts = sorted(groups)
    ends = dict(zip(starts, [*starts[1:], item.length], strict=True))

    texts = [""] * num_glyphs
    previous_carrier = None
    for start, indices in groups.items():
        text = utf8_text[item.offset + start : item.offset + ends[start]].decode()
        if len(indices) == 1 and not _is_mark(text) and infos[indices[0]].glyph != empty:
            carrier = indices[0]  # The common case: one glyph for one letter.
        else:
            geometries = {i: infos[i].geometry for i in indices if infos[i].glyph != empty}
            spacing = [i for i, geometry in geometries.items() if geometry.width > 0 and not geometry.y_offset]
            if not rtl and previous_carrier is not None and not spacing and (not geometries or _is_mark(text)):
                # Combining marks drawn with no advance (or nothing drawn): the text goes with
                # the base, so extractors cannot move it away from its letter.
                texts[previous_carrier] += text
                continue
            # The widest glyph on the baseline carries the cluster text.
            on_baseline = [i for i, geometry in geometries.items() if not geometry.y_offset]
            carrier = max(on_baseline or geometries or indices, key=lambda i: infos[i].geometry.width)
        texts[carrier] = text
        previous_carrier = carrier
    return texts


def _aliases(font):
    """``{(glyph id, text): code}`` and ``{code: glyph id}`` for the extra codes of ``font``."""
    try:
        return font.textlayer_aliases, font.textlayer_gids
    except AttributeError:
        font.textlayer_aliases, font.textlayer_gids = {}, {}
        return font.textlayer_aliases, font.textlayer_gids


def _code(font, glyph_id, text):
    """Return the character code drawing ``glyph_id`` with ``text`` in ``font``."""
    known = font.to_unicode.get(glyph_id)
    if known is None:
        font.to_unicode[glyph_id] = text
        return glyph_id
    if known == text or font.bitmap or glyph_id >= font.glyph_count or font.type != "ttf":
        return glyph_id
    aliases, gids = _aliases(font)
    code = aliases.get((glyph_id, text))
    if code is None:
        code = font.glyph_count + len(font.missing) + len(aliases)
        if code > 0xFFFF:
            from weasyprint.logger import LOGGER

            LOGGER.warning('Too many glyph variants in "%s", expect text selection problems', font.family)
            return glyph_id
        aliases[(glyph_id, text)] = code
        gids[code] = glyph_id
        font.to_unicode[code] = text
    return code


def _patched_draw_first_line(text_module):
    source = inspect.getsource(text_module.draw_first_line)
    for old, new in _HUNKS:
        if source.count(old) != 1:
            raise TextLayerPatchError(
                "weasyprint.draw.text.draw_first_line does not match WeasyPrint "
                f"{WEASYPRINT_VERSION}; cannot apply the text layer patch (hunk {old.strip()[:60]!r})"
            )
        source = source.replace(old, new)
    namespace = dict(vars(text_module))
    namespace.update(_textlayer_glyph_texts=_glyph_texts, _textlayer_code=_code)
    # A file name of its own, registered in linecache, so tracebacks show the patched source.
    filename = f"<reports.pdf.textlayer: patched {text_module.__name__}.draw_first_line>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)
    function = namespace["draw_first_line"]
    function.__module__ = text_module.__name__
    function.textlayer_patched = True
    return function


def _wrap_get_unused_glyph_id(original):
    def get_unused_glyph_id(self, codepoint):
        # Codes for missing glyphs and glyph variants share the range above glyph_count.
        if codepoint not in self.missing:
            self.missing[codepoint] = min(self.glyph_count + len(self.missing) + len(_aliases(self)[0]), 0xFFFF)
        return original(self, codepoint)

    get_unused_glyph_id.textlayer_patched = True
    return get_unused_glyph_id


def _wrap_subset(original):
    def subset(self, to_unicode, hinting):
        # Variant codes are not glyph ids: keep them out of the subsetter.
        missing = set(self.missing.values())
        to_unicode = {code: text for code, text in to_unicode.items() if code < self.glyph_count or code in missing}
        return original(self, to_unicode, hinting)

    subset.textlayer_patched = True
    return subset


def _full_font_to_unicode(pdf, font_dictionary, font):
    """Put the drawn texts in a ToUnicode CMap built from the font's cmap (full fonts, forms)."""
    to_unicode_object = pdf.objects[int(font_dictionary["ToUnicode"].split()[0])]
    lines = to_unicode_object.stream
    head = lines[: lines.index(b"endcodespacerange") + 1]
    tail = lines[lines.index(b"endcmap") :]
    entries = {}
    for line in lines[len(head) : -len(tail)]:
        if match := re.fullmatch(rb"<([0-9a-f]+)> (<[0-9a-f]*>)", line):
            entries[int(match[1], 16)] = match[2]
    for code, text in font.to_unicode.items():
        entries[code] = f"<{text.encode('utf-16-be').hex()}>".encode()
    items = sorted(entries.items())
    body = []
    for i in range(0, len(items), 100):
        batch = items[i : i + 100]
        body.append(f"{len(batch)} beginbfchar".encode())
        body.extend(f"<{code:04x}> ".encode() + text for code, text in batch)
        body.append(b"endbfchar")
    to_unicode_object.stream = [*head, *body, *tail]


def _wrap_build_vector_font_dictionary(original):
    import pydyf

    def _build_vector_font_dictionary(font_dictionary, pdf, font, widths, compress, reference, pdf_version):
        gids = dict(getattr(font, "textlayer_gids", {}))
        if font.type != "ttf" or not (gids or font.missing):
            return original(font_dictionary, pdf, font, widths, compress, reference, pdf_version)
        full_font = widths is not font.widths
        for code, glyph_id in gids.items():
            if glyph_id in widths:
                widths[code] = widths[glyph_id]
        for code in font.missing.values():
            # Drawn as .notdef with .notdef's width, as the stock /Encoding CMap does.
            if 0 in widths:
                widths[code] = widths[0]
            gids[code] = 0
        # Keep /Identity-H: pypdf reads an embedded /Encoding CMap as a one-byte encoding.
        missing, font.missing = font.missing, {}
        try:
            original(font_dictionary, pdf, font, widths, compress, reference, pdf_version)
        finally:
            font.missing = missing
        size = max(gids) + 1
        cid_to_gid = [cid if cid < font.glyph_count else 0 for cid in range(size)]
        for code, glyph_id in gids.items():
            cid_to_gid[code] = glyph_id
        stream = pydyf.Stream([struct.pack(f">{size}H", *cid_to_gid)], compress=compress)
        pdf.add_object(stream)
        subfont = pdf.objects[int(font_dictionary["DescendantFonts"][0].split()[0])]
        subfont["CIDToGIDMap"] = stream.reference
        if full_font:
            _full_font_to_unicode(pdf, font_dictionary, font)

    _build_vector_font_dictionary.textlayer_patched = True
    return _build_vector_font_dictionary


def is_applied():
    """Whether :func:`apply` has patched WeasyPrint in this process."""
    return _applied


def apply():
    """Patch WeasyPrint 70.0 so the PDF text layer is correct.  Idempotent."""
    global _applied
    if _applied:
        return
    import weasyprint

    if weasyprint.__version__ != WEASYPRINT_VERSION:
        raise TextLayerPatchError(
            f"reports.pdf.textlayer is written for WeasyPrint {WEASYPRINT_VERSION}, "
            f"found {weasyprint.__version__}: check whether Kozea/WeasyPrint#2841 is fixed "
            "upstream, then update or remove this patch"
        )
    from weasyprint.draw import text as text_module
    from weasyprint.pdf import fonts as fonts_module

    draw_first_line = _patched_draw_first_line(text_module)  # may raise: patch nothing before
    text_module.draw_first_line = draw_first_line
    font_class = fonts_module.Font
    font_class.get_unused_glyph_id = _wrap_get_unused_glyph_id(font_class.get_unused_glyph_id)
    font_class.subset = _wrap_subset(font_class.subset)
    fonts_module._build_vector_font_dictionary = _wrap_build_vector_font_dictionary(
        fonts_module._build_vector_font_dictionary
    )
    _applied = True
