"""A tiny notes service, written with planted flaws for armur to find. Never run it."""

import base64

from flask import Flask, make_response, render_template_string, request

import auth
import db
import utils
from settings import DEBUG, UPLOAD_DIR

app = Flask(__name__)


@app.route("/notes")
def list_notes():
    """SQL injection: request arguments reach cursor.execute in db.find_notes."""
    owner = request.args.get("owner", "")
    search = request.args.get("q", "")
    return {"notes": db.find_notes(owner, search)}


@app.route("/notes/<int:note_id>")
def show_note(note_id):
    """Safe look-alike: parameterized query."""
    return {"note": db.get_note(note_id)}


@app.route("/count")
def count_words():
    """Command injection: a query parameter reaches os.system in utils.word_count."""
    return {"words": utils.word_count(request.args["file"])}


@app.route("/download")
def download():
    """Path traversal: a user-supplied path is opened directly."""
    name = request.args["name"]
    with open(UPLOAD_DIR + "/" + name, "rb") as fh:
        return fh.read()


@app.route("/hello")
def hello():
    """Server-side template injection / XSS: user input becomes the template."""
    name = request.args.get("name", "world")
    return render_template_string("<h1>Hello " + name + "</h1>")


@app.route("/preview")
def preview():
    """SSRF: the server fetches whatever URL the user names."""
    return utils.fetch_preview(request.args["url"])


@app.route("/restore", methods=["POST"])
def restore():
    """Insecure deserialization of request data."""
    state = utils.restore(base64.b64decode(request.form["state"]))
    return {"restored": bool(state)}


@app.route("/calc")
def calc():
    """Code injection: python.eval-dynamic."""
    return {"result": eval(request.args["expr"])}


@app.route("/login", methods=["POST"])
def login():
    """Cookie without Secure/HttpOnly/SameSite; hard-coded password check."""
    password = request.form["password"]
    if password == "notes-admin-2024":
        resp = make_response("welcome")
        resp.set_cookie("session_id", auth.new_session_id())
        return resp
    return "denied", 403


@app.route("/logout")
def logout():
    """Safe look-alike: a properly flagged cookie."""
    resp = make_response("bye")
    resp.set_cookie("session_id", "", secure=True, httponly=True, samesite="Lax", max_age=0)
    return resp


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, debug=DEBUG)
