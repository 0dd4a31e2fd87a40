"""The Django app that keeps peer-exercise data in real tables: submissions, review leases, reviews, overrides.

Open edX loads it through the ``lms.djangoapp`` / ``cms.djangoapp`` plugin entry points; :mod:`.api` is the only
door the blocks use.
"""
