"""The LTI plumbing over pylti1p3: tool configuration from the database, launch storage in the shared store,
and login/launch classes whose every failure carries a reason code. The rest of the app never touches a JWT."""
