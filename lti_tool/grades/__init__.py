"""Grade passback that loses nothing: every score goes into a durable outbox first (:mod:`.outbox`), then to the
platform's AGS line item (:mod:`.ags`), drained by ``fieldschool grades flush`` and by a background thread per
process (:mod:`.drainer`)."""

# The tool's gradebook columns are out of 100: a deep-linked item's line item, the one the tool makes for a link
# without one, and the peer grades it releases. Not a learning rule (the core's scores are fractions 0-1): the LTI
# tool's one scale, kept here once.
SCORE_MAXIMUM = 100
