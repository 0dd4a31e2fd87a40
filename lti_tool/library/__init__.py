"""The experience library and the yearly Cup of excellent experiences, inside the LTI tool.

Organisations share experiences through an LTI activity; editors review and publish them; a jury scores the Cup's
entries; everyone reads the public library at ``/library``. The rules (validation, workflow, allocation, aggregation)
are the core's :mod:`curriculum.experiences` and :mod:`curriculum.peer`; this package stores and shows.
"""
