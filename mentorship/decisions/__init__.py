"""Decisions by organisations: proposals, approval and score votes, ranked choices
and time polls, each answered once per member organisation (its delegate, or a proxy),
with the rules stated before it opens and the outcome counted at close."""
