"""Selection of candidates: pure algorithms for now (no Django import).

``scoring`` normalises the jury's scores and ranks applications;
``assignment`` distributes applications among jury members. See docs/selection.md.
"""
