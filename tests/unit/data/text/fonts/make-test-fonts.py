#!/usr/bin/python3
# make-test-fonts.py — generates the two tiny fonts of this folder (run once;
# the fonts are committed).  Needs python3-fonttools.
#   pbtestcff.otf     family "PB Test CFF", CFF outlines: fontconfig indexes
#                     it, libharu cannot embed it, so policybrief skips it.
#   pbtestzenhei.ttf  TrueType, claims the installed family "WenQuanYi Zen
#                     Hei": a font dropped into the fontsets folder must win.
import os
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen

HERE = os.path.dirname(os.path.abspath(__file__))


def triangle(pen):
    pen.moveTo((100, 0))
    pen.lineTo((500, 0))
    pen.lineTo((300, 700))
    pen.closePath()


def cff_font(path):
    fb = FontBuilder(1000, isTTF=False)
    names = [".notdef", "A", "uni6D4B"]
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({0x41: "A", 0x6D4B: "uni6D4B"})
    cs = {}
    for n in names:
        pen = T2CharStringPen(600, None)
        triangle(pen)
        cs[n] = pen.getCharString()
    fb.setupCFF("PBTestCFF-Regular", {"FullName": "PB Test CFF"}, cs, {})
    fb.setupHorizontalMetrics({n: (600, 100) for n in names})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "PB Test CFF", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800,
                usWinDescent=200)
    fb.setupPost()
    fb.save(path)


def tt_font(path):
    fb = FontBuilder(1000, isTTF=True)
    names = [".notdef", "A", "uni4E2D"]
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({0x41: "A", 0x4E2D: "uni4E2D"})
    glyphs = {}
    for n in names:
        pen = TTGlyphPen(None)
        triangle(pen)
        glyphs[n] = pen.glyph()
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics({".notdef": (600, 100), "A": (600, 100),
                               "uni4E2D": (1000, 100)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "WenQuanYi Zen Hei",
                       "styleName": "Regular",
                       "psName": "PBTestZenHei-Regular"})
    fb.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800,
                usWinDescent=200)
    fb.setupPost()
    fb.save(path)


cff_font(os.path.join(HERE, "pbtestcff.otf"))
tt_font(os.path.join(HERE, "pbtestzenhei.ttf"))
