"""The package registers what Open edX looks for: the three blocks, the peer-store plugin app, the commands."""

from importlib.metadata import entry_points

from xblock.core import XBlock

from xblocks.olx_export import ADVANCED_MODULES


def test_the_blocks_are_xblock_entry_points_with_stable_names():
    names = {ep.name for ep in entry_points(group="xblock.v1")}
    assert set(ADVANCED_MODULES) <= names
    assert ADVANCED_MODULES == ["fieldschool_case_study", "fieldschool_peer_exercise", "fieldschool_assessment"]
    for name in ADVANCED_MODULES:
        cls = XBlock.load_class(name)
        assert cls.has_custom_completion


def test_the_peer_store_is_an_lms_and_studio_plugin_app():
    for group in ("lms.djangoapp", "cms.djangoapp"):
        found = {ep.name: ep for ep in entry_points(group=group)}
        config = found["fieldschool_peer_store"].load()
        assert config.name == "xblocks.peer_store"
        assert isinstance(config.plugin_app, dict)  # what edx-django-utils' plugin loader reads


def test_every_block_has_workbench_scenarios_that_parse(make_block, learner):
    for name in ADVANCED_MODULES:
        scenarios = XBlock.load_class(name).workbench_scenarios()
        assert scenarios, name
        for _title, xml in scenarios:
            usage = make_block(xml)
            assert "not available" not in learner(usage).render()


def test_the_commands_are_registered():
    assert "workbench" in {ep.name for ep in entry_points(group="fieldschool.commands")}
    assert "olx" in {ep.name for ep in entry_points(group="fieldschool.export_commands")}
