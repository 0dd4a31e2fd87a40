"""Experiences contributed by producer organisations: their data, their validation (by the curriculum's own case-study
validator), their export as case-study files, and the rules of the yearly Cup's jury.

Nothing here knows about web frameworks or databases; the LTI tool stores experiences as the plain dictionaries
:class:`~curriculum.experiences.model.Experience` reads and writes.
"""
