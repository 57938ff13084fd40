"""Markdown editing for the staff content studio: a textarea that works
without JavaScript, a live preview and a guide to the components when it is
there, and the check of the text's links to pages of this site."""
