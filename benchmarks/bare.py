"""The floor every page is measured against: Flask rendering one small template.

Served exactly as the platform is (the same gunicorn configuration, the same worker
count and threads), so the ratio page/bare says what the platform adds to what the
framework itself costs on this machine, in the same run.
"""

from pathlib import Path

from flask import Flask, render_template

app = Flask(__name__, template_folder=str(Path(__file__).parent / "bare_templates"))


@app.get("/")
def index():
    return render_template("bare.html", title="Bare Flask page", items=range(5))
