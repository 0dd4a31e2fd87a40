"""The home page: what the tool is, where administrators find the set-up values, and (in demo mode) the demo."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    return render_template("home.html")
