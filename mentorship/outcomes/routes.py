from flask import Blueprint

bp = Blueprint("outcomes", __name__)


@bp.get("/dashboard")
def dashboard():
    """Placeholder until the dashboards land."""
    return ""
