"""Auditions and decisions of a call for applications (issue 6, items 4 and 5).

Staff define audition slots over the jury week, invite the pre-selected
candidates to book one, form panels from the call's jury members; a panel
records the result; staff then decide per défi and announce the decisions.
"""
