"""Grade passback that loses nothing: every score goes into a durable outbox first (:mod:`.outbox`), then to the
platform's AGS line item (:mod:`.ags`), drained by ``fieldschool grades flush`` and by a background thread per
process (:mod:`.drainer`)."""
