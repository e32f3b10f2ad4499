"""Generators of FAKE credentials in real formats (valid checksums where a format has one).

Nothing here is a real credential: every value is drawn from a seeded PRNG at test time, so no
token literal is committed. Used by the tests and by benchmarks/secrets.py.
"""

from __future__ import annotations

import base64
import json
import random
import string
import zlib

ALNUM = string.ascii_letters + string.digits
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"


def crc_b62(data: str) -> str:
    """Base62 (0-9A-Za-z) CRC32 of `data`, six digits, zero-padded."""
    n = zlib.crc32(data.encode())
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(6, "0")


class Fakes:
    """One seeded source of fake credentials."""

    def __init__(self, seed: int = 7) -> None:
        self.r = random.Random(seed)

    def s(self, n: int, alphabet: str = ALNUM) -> str:
        """Random string; re-drawn until it has a digit, an upper and a lower letter when the alphabet allows."""
        while True:
            v = "".join(self.r.choice(alphabet) for _ in range(n))
            need = [cs for cs in (string.digits, string.ascii_uppercase, string.ascii_lowercase)
                    if set(cs) & set(alphabet)]
            if n < 8 or all(any(c in cs for c in v) for cs in need):
                return v

    # --- provider formats -----------------------------------------------------------------
    def aws_key_id(self, prefix: str = "AKIA") -> str:
        return prefix + self.s(16, string.ascii_uppercase + "234567")

    def aws_secret(self) -> str:
        return self.s(40, B64)

    def github_classic(self, kind: str = "p") -> str:
        body = self.s(30)
        return f"gh{kind}_{body}{crc_b62(body)}"

    def github_bad_checksum(self) -> str:
        body = self.s(30)
        good = crc_b62(body)
        bad = good[:-1] + ("A" if good[-1] != "A" else "B")
        return f"ghp_{body}{bad}"

    def github_fine(self) -> str:
        return f"github_pat_{self.s(22)}_{self.s(59)}"

    def gitlab(self) -> str:
        return "glpat-" + self.s(20, ALNUM + "-_")

    def slack_bot(self) -> str:
        return f"xoxb-{self.s(11, string.digits)}-{self.s(13, string.digits)}-{self.s(24)}"

    def slack_user(self) -> str:
        return f"xoxp-{self.s(11, string.digits)}-{self.s(11, string.digits)}-{self.s(12, string.digits)}-" \
               f"{self.s(32, HEX)}"

    def slack_webhook(self) -> str:
        up = string.ascii_uppercase + string.digits
        return f"https://hooks.slack.com/services/T{self.s(8, up)}/B{self.s(10, up)}/{self.s(24)}"

    def stripe(self, kind: str = "sk") -> str:
        return f"{kind}_live_{self.s(99 if kind == 'sk' else 24)}"

    def stripe_test(self) -> str:
        return f"sk_test_{self.s(24)}"

    def google_api(self) -> str:
        return "AIza" + self.s(35, B64URL)

    def pem_body(self, nbytes: int = 600) -> list[str]:
        b = base64.b64encode(bytes(self.r.getrandbits(8) for _ in range(nbytes))).decode()
        return [b[i:i + 64] for i in range(0, len(b), 64)]

    def pem(self, kind: str = "RSA PRIVATE KEY") -> str:
        return "\n".join([f"-----BEGIN {kind}-----", *self.pem_body(), f"-----END {kind}-----"])

    def gcp_service_account(self) -> str:
        key = "-----BEGIN PRIVATE KEY-----\n" + "\n".join(self.pem_body()) + "\n-----END PRIVATE KEY-----\n"
        doc = {
            "type": "service_account",
            "project_id": "acme-prod-4711",
            "private_key_id": self.s(40, HEX),
            "private_key": key,
            "client_email": "deployer@acme-prod-4711.iam.gserviceaccount.com",
            "client_id": self.s(21, string.digits),
        }
        return json.dumps(doc, indent=2)

    def azure_account_key(self) -> str:
        return base64.b64encode(bytes(self.r.getrandbits(8) for _ in range(64))).decode()

    def azure_conn(self) -> str:
        return ("DefaultEndpointsProtocol=https;AccountName=acmeprodstore;AccountKey="
                f"{self.azure_account_key()};EndpointSuffix=core.windows.net")

    def twilio_sk(self) -> str:
        return "SK" + self.s(32, HEX)

    def twilio_ac(self) -> str:
        return "AC" + self.s(32, HEX)

    def hex32(self) -> str:
        return self.s(32, HEX)

    def sendgrid(self) -> str:
        return f"SG.{self.s(22, B64URL)}.{self.s(43, B64URL)}"

    def npm(self) -> str:
        body = self.s(30)
        return f"npm_{body}{crc_b62(body)}"

    def pypi(self) -> str:
        return "pypi-AgEIcHlwaS5vcmc" + self.s(140, B64URL)

    def openai_legacy(self) -> str:
        return f"sk-{self.s(20)}T3BlbkFJ{self.s(20)}"

    def openai_proj(self) -> str:
        return f"sk-proj-{self.s(74, B64URL)}T3BlbkFJ{self.s(74, B64URL)}"

    def anthropic(self) -> str:
        return f"sk-ant-api03-{self.s(93, B64URL)}AA"

    def jwt(self) -> str:
        def enc(obj: object) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")
        head = enc({"alg": "HS256", "typ": "JWT"})
        body = enc({"sub": f"user-{self.s(8, string.digits)}", "role": "admin", "iat": 1700000000})
        return f"{head}.{body}.{self.s(43, B64URL)}"

    def jwt_io_example(self) -> str:
        def enc(obj: object) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")
        return f"{enc({'alg': 'HS256', 'typ': 'JWT'})}.{enc({'sub': '1234567890', 'name': 'John Doe'})}." \
               f"{self.s(43, B64URL)}"

    def password(self) -> str:
        return self.s(18, ALNUM + "!#%&*+-=?@^_")

    def db_password(self) -> str:
        return self.s(16)

    # --- decoys ---------------------------------------------------------------------------
    def uuid(self) -> str:
        h = self.s(32, HEX)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def git_sha(self) -> str:
        return self.s(40, HEX)

    def sha512_integrity(self) -> str:
        return "sha512-" + base64.b64encode(bytes(self.r.getrandbits(8) for _ in range(64))).decode()

    def base64_image(self) -> str:
        return "data:image/png;base64," + base64.b64encode(
            b"\x89PNG\r\n\x1a\n" + bytes(self.r.getrandbits(8) for _ in range(1500))).decode()
