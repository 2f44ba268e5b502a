"""The banner renderer: a campaign's official theme and messages as web, social and print graphics.

Importable by the site build and by the designer's command (`loa banners`).
"""
