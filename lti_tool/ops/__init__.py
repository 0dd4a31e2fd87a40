"""Running the tool as a service: health and readiness checks, Prometheus metrics, request ids and JSON logs,
data retention (``fieldschool cleanup``) and a learner's data on request (``fieldschool learner export|delete``)."""
