"""The web layer: views, urls and forms by audience, apart from the domain.

`public/` is the public site's cross-domain pages (home, sitemaps, the
original site's addresses, robots and health), `espace/` the personal space,
`gestion/` the back office's home; `middleware.py` answers the imported
sites' old addresses, `context_processors.py` gives every page its menus.
The domain apps (`eig/<app>/`) never import this package (an import-linter
contract, docs/architecture.md).
"""
