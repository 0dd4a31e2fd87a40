"""App configuration, with the plugin marker Open edX's plugin loader (edx-django-utils) looks for."""

from django.apps import AppConfig


class PeerStoreConfig(AppConfig):
    """Field School peer data. ``plugin_app`` makes the LMS and Studio add the app to INSTALLED_APPS."""

    name = "xblocks.peer_store"
    label = "fieldschool_peer_store"
    verbose_name = "Field School peer exercises"
    default_auto_field = "django.db.models.BigAutoField"
    # edx-django-utils' PLUGIN_APP_CLASS_ATTRIBUTE_NAME; no URLs or settings to inject.
    plugin_app: dict = {}

    def ready(self) -> None:
        """Inside the LMS, follow the user-retirement pipeline (see :mod:`.retirement`)."""
        from .retirement import on_user_retired, retirement_signal

        signal = retirement_signal()
        if signal is not None:
            signal.connect(on_user_retired, dispatch_uid="fieldschool_peer_store_retirement")
