"""Helpers for files, exports and outgoing requests."""

import os
import pickle
import shlex
import subprocess
import tarfile
import tempfile

import requests
import yaml


def word_count(path):
    """FLAW (command injection): the path is spliced into a shell command."""
    return os.system("wc -w " + path)


def word_count_quoted(path):
    """Safe look-alike: the value is quoted for the shell."""
    return subprocess.run("wc -w " + shlex.quote(path), shell=False, capture_output=True)


def line_count(path):
    """Safe look-alike: argument list, no shell."""
    return subprocess.run(["wc", "-l", path], capture_output=True, check=True)


def compress(path):
    """FLAW python.shell-command-dynamic: shell=True with an interpolated path."""
    return subprocess.call(f"gzip -k {path}", shell=True)


def fetch_preview(url):
    """FLAW (SSRF) and python.tls-verify-disabled: any URL, certificate not checked."""
    return requests.get(url, timeout=5, verify=False).text


def load_settings(stream):
    """FLAW python.yaml-unsafe-load."""
    return yaml.load(stream, Loader=yaml.Loader)


def load_settings_safely(stream):
    """Safe look-alike: yaml.safe_load."""
    return yaml.safe_load(stream)


def restore(blob):
    """FLAW python.unsafe-deserializer (and insecure deserialization when blob is user data)."""
    return pickle.loads(blob)


def import_archive(upload, dest):
    """FLAW python.tarfile-unsafe-extract."""
    with tarfile.open(upload) as tar:
        tar.extractall(dest)


def scratch_file():
    """FLAW python.insecure-temp-file."""
    return tempfile.mktemp(suffix=".txt")
