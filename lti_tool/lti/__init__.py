"""The LTI plumbing over pylti1p3: tool configuration from the database, launch storage in the shared store,
login/launch classes whose every failure carries a reason code, the tool's signing keys (``keys``) and the guarded
HTTP client for calls to platforms (``outbound``). The rest of the app never touches a JWT.

Below the services: nothing here imports ``lti_tool.services`` or the views (see ``test_lti_layering.py``)."""
