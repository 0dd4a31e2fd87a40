"""What the three blocks share: the curriculum item they show, who the learner is, their language, rendering,
the Studio editor and its validation, and completion events.

Each block class composes this mixin with its own fields, views and handlers.
"""

from __future__ import annotations

import logging
from typing import Any

from web_fragments.fragment import Fragment
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock, XBlockMixin
from xblock.fields import Boolean, Scope, String
from xblock.utils.resources import ResourceLoader
from xblock.validation import ValidationMessage

from curriculum import Course
from curriculum.model import Item, ItemType
from curriculum.rendering import render_learner_markdown, render_markdown

from . import content, olx
from .handlers import BadRequest, json_endpoint
from .i18n import LANGUAGES, active_language, translations

log = logging.getLogger(__name__)
loader = ResourceLoader(__name__)


def _(text: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return text


@XBlock.needs("user")
@XBlock.wants("i18n")
class FieldSchoolBlockMixin(XBlockMixin):
    """Fields, identity, language and editor behaviour common to the Field School blocks."""

    item_type: ItemType
    init_function: str
    template: str

    # Each block sets a default name (marked for translation): Studio's Advanced menu, the outline and the progress
    # page show it until the author names the component; the block's own views show it translated.
    display_name = String(display_name=_("Display name"), scope=Scope.settings, default=_("Field School activity"))
    item_id = String(display_name=_("Curriculum item"), scope=Scope.settings, default="",
                     help=_("The curriculum item this component shows, e.g. 'experiences.case'."))
    language = String(display_name=_("Language"), scope=Scope.settings, default="en",
                      help=_("The language of the curriculum text shown when the learner's own is not used."))
    follow_learner_language = Boolean(display_name=_("Follow the learner's language"), scope=Scope.settings,
                                      default=True, help=_("Show the curriculum in the learner's language when "
                                                           "the item exists in it."))

    olx_aliases: dict[str, str] = {}  # old OLX attribute name → field, for settings that were renamed

    has_custom_completion = True
    completion_mode = XBlockCompletionMode.COMPLETABLE
    show_in_read_only_mode = True

    # ---- OLX ------------------------------------------------------------------------------------------------
    @classmethod
    def parse_xml(cls, node, runtime, keys, *_args, **_kwargs):
        """Build the block from its OLX element (Studio's import calls this with the element in the vertical):
        settings from attributes, customisations from child elements, a pointer tag followed to its file when the
        runtime offers the course's files (see :mod:`xblocks.olx`)."""
        block = runtime.construct_xblock_from_class(cls, keys)
        for name, value in olx.field_values(node, cls.fields, runtime, cls.olx_aliases).items():
            setattr(block, name, value)
        return block

    # ---- identity and language -------------------------------------------------------------------------------
    def learner_id(self) -> str:
        """The learner's key in our tables: the LMS's anonymous user id, else the workbench's user id."""
        user = self.runtime.service(self, "user").get_current_user()
        attrs = getattr(user, "opt_attrs", {}) or {}
        found = attrs.get("edx-platform.anonymous_user_id") or attrs.get("xblock-workbench.user_id")
        return str(found or self.scope_ids.user_id)

    def is_staff(self) -> bool:
        """Course staff in the LMS; in the workbench, the learner ids listed in FIELDSCHOOL_WORKBENCH_STAFF."""
        user = self.runtime.service(self, "user").get_current_user()
        attrs = getattr(user, "opt_attrs", {}) or {}
        if "edx-platform.user_is_staff" in attrs:
            return bool(attrs["edx-platform.user_is_staff"])
        from django.conf import settings

        return self.learner_id() in getattr(settings, "FIELDSCHOOL_WORKBENCH_STAFF", ())

    def gettext(self, text: str) -> str:
        return translations(active_language()).gettext(text)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return translations(active_language()).ngettext(singular, plural, n)

    # ---- the curriculum item ---------------------------------------------------------------------------------
    def course(self) -> Course:
        """The curriculum, looked up once per block instance (one request, in the LMS) rather than per use."""
        cached = getattr(self, "_fieldschool_course", None)
        if cached is None:
            cached = self._fieldschool_course = content.course()
        return cached

    def content_language(self) -> str:
        return content.choose_language(self.course(), self.item_id, self.language, active_language(),
                                       self.follow_learner_language)

    def curriculum_item(self, language: str | None = None) -> Item | None:
        """The item in the learner's (or given) language, with the author's customisations applied."""
        item = content.find_item(self.course(), self.item_id, language or self.content_language())
        if item is None or item.type is not self.item_type:
            return None
        return self.customise(item)

    def customise(self, item: Item) -> Item:
        """Apply the author's overrides (questions, rubric, numbers); the base class keeps the curriculum's."""
        return item

    def markdown(self, text: str) -> str:
        """The curriculum's (trusted) Markdown."""
        return render_markdown(text, link_resolver=lambda kind, target: "")

    def learner_markdown(self, text: str) -> str:
        """Markdown a learner wrote: the core's linear-time learner renderer."""
        return render_learner_markdown(text)

    # ---- rendering -------------------------------------------------------------------------------------------
    def render_html(self, template: str, context: dict[str, Any]) -> str:
        context = {**context, "block_id": str(self.scope_ids.usage_id), "ui_language": active_language()}
        return loader.render_django_template(f"templates/html/{template}", context,
                                             i18n_service=translations(active_language()))

    def fragment(self, html: str, init_function: str, init_args: dict[str, Any]) -> Fragment:
        frag = Fragment(html)
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/fieldschool.css"))
        frag.add_javascript_url(self.runtime.local_resource_url(self, "public/js/fieldschool.js"))
        frag.add_javascript_url(self.runtime.local_resource_url(self, f"public/js/{init_function}.js"))
        frag.initialize_js(init_function, init_args)
        return frag

    def unavailable_fragment(self) -> Fragment:
        html = self.render_html("unavailable.html", {"title": self.shown_name(),
                                                    "item_id": self.item_id})
        return Fragment(html)

    # ---- mobile apps and anonymous previews ------------------------------------------------------------------
    def student_view_data(self, context=None) -> dict[str, Any]:
        """What the mobile apps show natively (the LMS's ``student_view_data``): the item in the learner's
        language, with nothing that gives answers away."""
        item = self.curriculum_item()
        if item is None:
            return {"available": False, "title": self.shown_name()}
        return {"available": True, "item_id": self.item_id, "item_type": self.item_type.value,
                "language": item.language, "title": self.display_title(item), **self.mobile_data(item)}

    def mobile_data(self, item: Item) -> dict[str, Any]:
        """What each block adds to :meth:`student_view_data`."""
        return {}

    def public_view(self, context=None) -> Fragment:
        """Anonymous course previews: the activity's title and summary, and an invitation to enrol."""
        item = self.curriculum_item()
        if item is None:
            return self.unavailable_fragment()
        html = self.render_html("public.html", {"title": self.display_title(item), "language": item.language,
                                                "summary_html": self.public_summary_html(item)})
        frag = Fragment(html)
        frag.add_css_url(self.runtime.local_resource_url(self, "public/css/fieldschool.css"))
        return frag

    def public_summary_html(self, item: Item) -> str:
        return ""

    def named_by_author(self) -> bool:
        return self.fields["display_name"].is_set_on(self) and bool(self.display_name)

    def shown_name(self) -> str:
        """The component's name in the interface language: the author's, else the translated default."""
        return self.display_name if self.named_by_author() else self.gettext(self.fields["display_name"].default)

    def display_title(self, item: Item) -> str:
        """The title learners see: the author's display name, else the curriculum item's title."""
        return self.display_name if self.named_by_author() else item.title

    def emit_completion(self, completion: float = 1.0) -> None:
        self.runtime.publish(self, "completion", {"completion": completion})

    # ---- Studio editor ---------------------------------------------------------------------------------------
    def studio_fields(self) -> list[dict[str, Any]]:
        """Editor fields: the item picker and language first, then what each block adds."""
        course = self.course()
        groups: dict[str, dict[str, Any]] = {}
        for module, item_id, languages, title in content.items_of_type(course, self.item_type):
            group = groups.setdefault(module.id, {"label": module.variant(active_language()).title, "options": []})
            group["options"].append({"value": item_id, "label": f"{title} ({item_id}; {', '.join(languages)})",
                                     "selected": item_id == self.item_id})
        _t = self.gettext
        return [
            {"name": "display_name", "kind": "text", "label": _t("Display name"), "value": self.shown_name()},
            {"name": "item_id", "kind": "item", "label": _t("Curriculum item"), "value": self.item_id,
             "groups": list(groups.values()),
             "help": _t("Choose the case study, exercise or assessment from the curriculum.")},
            {"name": "language", "kind": "select", "label": _t("Language"), "value": self.language,
             "options": [{"value": code, "label": code, "selected": code == self.language} for code in LANGUAGES]},
            {"name": "follow_learner_language", "kind": "checkbox", "label": _t("Follow the learner's language"),
             "value": self.follow_learner_language},
            *self.extra_studio_fields(),
        ]

    def extra_studio_fields(self) -> list[dict[str, Any]]:
        return []

    def studio_notice(self) -> str:
        """A warning shown above the editor's fields (none by default)."""
        return ""

    def studio_view(self, context=None) -> Fragment:
        html = self.render_html("studio_edit.html", {"fields": self.studio_fields(), "notice": self.studio_notice()})
        return self.fragment(html, "FieldSchoolStudioEdit", {"strings": {"saved": self.gettext("Saved."),
                                                                         "saving": self.gettext("Saving…")}})

    def clean_settings(self, values: dict[str, Any]) -> dict[str, Any]:
        """Check and convert editor values; raise :class:`BadRequest` listing every problem."""
        _t = self.gettext
        problems: list[str] = []
        cleaned: dict[str, Any] = {}
        if "display_name" in values:
            name = str(values["display_name"] or "").strip()
            if not name:
                problems.append(_t("Give the component a display name."))
            cleaned["display_name"] = name[:255]
        item_id = str(values.get("item_id", self.item_id) or "").strip()
        item = content.find_item(self.course(), item_id, "en") if item_id else None
        if item is None or item.type is not self.item_type:
            problems.append(_t("Choose an item of the right kind from the curriculum."))
        cleaned["item_id"] = item_id
        if "language" in values:
            lang = str(values["language"] or "")
            if lang not in LANGUAGES:
                problems.append(_t("Choose one of the offered languages."))
            cleaned["language"] = lang
        if "follow_learner_language" in values:
            cleaned["follow_learner_language"] = bool(values["follow_learner_language"])
        cleaned.update(self.clean_extra_settings(values, problems))
        if problems:
            raise BadRequest(_t("Please correct the settings."), problems)
        return cleaned

    def clean_extra_settings(self, values: dict[str, Any], problems: list[str]) -> dict[str, Any]:
        return {}

    @json_endpoint
    def studio_submit(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """Save the editor: ``{"values": {field: value}}``; 400 with every problem when something is wrong."""
        values = data.get("values")
        if not isinstance(values, dict):
            raise BadRequest(self.gettext("Send the settings as 'values'."))
        for name, value in self.clean_settings(values).items():
            setattr(self, name, value)
        return {"result": "success"}

    def validate(self):
        """Studio's warnings: a missing or mismatched curriculum item, broken customisations."""
        validation = super().validate()
        item = content.find_item(self.course(), self.item_id, "en") if self.item_id else None
        if item is None or item.type is not self.item_type:
            validation.add(ValidationMessage(ValidationMessage.ERROR, self.gettext(
                "This component shows no curriculum item yet: edit it and choose one.")))
        for message in self.customisation_problems():
            validation.add(ValidationMessage(ValidationMessage.ERROR, message))
        return validation

    def customisation_problems(self) -> list[str]:
        return []
