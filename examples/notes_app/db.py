"""Database access for the notes app."""

import sqlite3

from settings import DATABASE


def connect():
    """Open the notes database."""
    return sqlite3.connect(DATABASE)


def find_notes(owner, search):
    """FLAW (SQL injection): the query text is built from the caller's strings."""
    conn = connect()
    cur = conn.cursor()
    query = f"SELECT id, title FROM notes WHERE owner = '{owner}' AND title LIKE '%{search}%'"
    cur.execute(query)
    return cur.fetchall()


def get_note(note_id):
    """Safe look-alike: a parameterized query."""
    conn = connect()
    cur = conn.cursor()
    cur.execute("SELECT id, title, body FROM notes WHERE id = ?", (note_id,))
    return cur.fetchone()


def delete_note(note_id):
    """Safe look-alike: parameters passed separately."""
    conn = connect()
    conn.execute("DELETE FROM notes WHERE id = ?", [note_id])
    conn.commit()
