"""Selection of candidates: the jury, its reviews, and the ranking.

``scoring`` (normalisation and ranking) and ``assignment`` (who reviews what)
are pure modules: no Django import, plain data in and out. The Django side
(models, services, selectors, views) converts to and from them. See
docs/selection.md.
"""
