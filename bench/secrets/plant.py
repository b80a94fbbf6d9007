#!/usr/bin/env python3
"""Generates a tree of mixed file types with planted fake secrets, for the secrets benchmark.

Usage: plant.py OUT_DIR [--files N] [--seed S]

Writes OUT_DIR/tree/ (the files) and OUT_DIR/manifest.json (one record per planted secret:
path, first and last line, kind). Every planted value is random and fake; checksummed
formats (GitHub, npm) carry valid checksums so that they look exactly like real tokens.
Besides the planted secrets the files hold realistic non-secrets that commonly cause false
alarms: hashes, UUIDs, integrity strings, base64 images in notebooks, `token_type = "bearer"`,
references to environment variables and placeholders. Standard library only.
"""
import argparse
import base64
import json
import os
import random
import string
import zlib

B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "_-"
B64 = ALNUM + "+/"
HEX = "0123456789abcdef"
# Never produce placeholder-looking values by chance.
AVOID = ("xxxx", "example", "test", "fake", "foo", "bar", "dummy", "sample", "mock", "pass", "secret", "token", "abc", "123")


class Planter:
    def __init__(self, seed):
        self.rnd = random.Random(seed)

    def rand(self, alphabet, length):
        while True:
            value = "".join(self.rnd.choice(alphabet) for _ in range(length))
            if not any(word in value.lower() for word in AVOID):
                return value

    def crc_token(self, prefix):
        body = self.rand(ALNUM, 30)
        checksum = zlib.crc32(body.encode())
        digits = ""
        for _ in range(6):
            digits = B62[checksum % 62] + digits
            checksum //= 62
        return prefix + body + digits

    def jwt(self):
        def b64url(data):
            return base64.urlsafe_b64encode(data).decode().rstrip("=")
        header = b64url(b'{"alg":"HS256","typ":"JWT"}')
        payload = b64url(json.dumps({"sub": self.rand(string.digits, 9), "role": "admin"}).encode())
        return f"{header}.{payload}.{self.rand(URLSAFE, 43)}"

    def pem(self):
        body = "\n".join(self.rand(B64, 64) for _ in range(12)) + "\n" + self.rand(B64, 30) + "=="
        return f"-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----"

    def secret(self, kind):
        r = self.rand
        return {
            "aws-access-key-id": lambda: "AKIA" + r("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
            "aws-secret-access-key": lambda: r(B64, 40),
            "github-pat": lambda: self.crc_token("ghp_"),
            "github-fine-grained": lambda: "github_pat_" + r(ALNUM, 22) + "_" + r(ALNUM, 59),
            "gitlab-pat": lambda: "glpat-" + r(URLSAFE, 20),
            "slack-bot-token": lambda: f"xoxb-{r(string.digits, 12)}-{r(string.digits, 13)}-{r(ALNUM, 24)}",
            "slack-webhook": lambda: f"https://hooks.slack.com/services/T{r(string.ascii_uppercase, 8)}/B{r(string.ascii_uppercase, 10)}/{r(ALNUM, 24)}",
            "stripe-secret-key": lambda: "sk_live_" + r(ALNUM, 24),
            "sendgrid": lambda: f"SG.{r(URLSAFE, 22)}.{r(URLSAFE, 43)}",
            "openai": lambda: f"sk-proj-{r(URLSAFE, 74)}T3BlbkFJ{r(URLSAFE, 74)}",
            "anthropic": lambda: f"sk-ant-api03-{r(URLSAFE, 93)}AA",
            "huggingface": lambda: "hf_" + r(string.ascii_letters, 34),
            "pypi": lambda: "pypi-AgEIcHlwaS5vcmc" + r(URLSAFE, 120),
            "npm": lambda: self.crc_token("npm_"),
            "gcp-api-key": lambda: "AIza" + r(URLSAFE, 35),
            "twilio-auth-token": lambda: r(HEX, 32),
            "mailgun": lambda: "key-" + r(HEX, 32),
            "telegram": lambda: f"{r(string.digits, 10)}:AA{r(URLSAFE, 33)}",
            "jwt": self.jwt,
            "private-key": self.pem,
            "db-url-password": lambda: r(ALNUM, 16),
            "generic-password": lambda: r(ALNUM, 6) + self.rnd.choice("!#%&*") + r(ALNUM, 7),
            "generic-api-key": lambda: r(HEX, 40),
            "django-secret-key": lambda: "django-insecure-" + r(string.ascii_lowercase + string.digits + "!@#%^&*-_=+", 50),
            "basic-auth-header": lambda: base64.b64encode(f"deploy:{r(ALNUM, 16)}".encode()).decode(),
        }[kind]()


# How each kind is written, per file type: a template with {v} for the value.
PLACEMENTS = {
    "aws-access-key-id": {"py": 'AWS_ACCESS_KEY_ID = "{v}"', "env": "AWS_ACCESS_KEY_ID={v}", "yaml": "aws_access_key_id: {v}", "ini": "aws_access_key_id = {v}"},
    "aws-secret-access-key": {"py": 'AWS_SECRET_ACCESS_KEY = "{v}"', "env": "AWS_SECRET_ACCESS_KEY={v}", "ini": "aws_secret_access_key = {v}"},
    "github-pat": {"py": 'GITHUB_TOKEN = "{v}"', "env": "GITHUB_TOKEN={v}", "yaml": "github_token: {v}", "sh": "export GH_TOKEN={v}", "md": "Use `{v}` to call the API."},
    "github-fine-grained": {"env": "GH_PAT={v}", "yaml": "  token: {v}"},
    "gitlab-pat": {"py": 'gitlab_token = "{v}"', "yaml": "gitlab:\n  private_token: {v}", "docker": "ARG GITLAB_TOKEN={v}"},
    "slack-bot-token": {"py": 'SLACK_BOT_TOKEN = "{v}"', "json": '  "slack_token": "{v}",', "env": "SLACK_BOT_TOKEN={v}"},
    "slack-webhook": {"py": 'WEBHOOK_URL = "{v}"', "yaml": "webhook: {v}", "json": '  "webhook": "{v}",'},
    "stripe-secret-key": {"py": 'stripe.api_key = "{v}"', "env": "STRIPE_SECRET_KEY={v}", "toml": 'stripe_key = "{v}"'},
    "sendgrid": {"py": 'SENDGRID_API_KEY = "{v}"', "env": "SENDGRID_API_KEY={v}"},
    "openai": {"py": 'client = OpenAI(api_key="{v}")', "ipynb": 'openai.api_key = "{v}"', "env": "OPENAI_API_KEY={v}"},
    "anthropic": {"py": 'client = anthropic.Anthropic(api_key="{v}")', "env": "ANTHROPIC_API_KEY={v}", "ipynb": 'os.environ["ANTHROPIC_API_KEY"] = "{v}"'},
    "huggingface": {"py": 'login(token="{v}")', "ipynb": 'HF_TOKEN = "{v}"', "sh": "huggingface-cli login --token {v}"},
    "pypi": {"ini": "[pypi]\nusername = __token__\npassword = {v}", "yaml": "  PYPI_API_TOKEN: {v}"},
    "npm": {"npmrc": "//registry.npmjs.org/:_authToken={v}", "env": "NPM_TOKEN={v}"},
    "gcp-api-key": {"js": 'const firebaseConfig = {{ apiKey: "{v}" }};', "py": 'GOOGLE_MAPS_KEY = "{v}"'},
    "twilio-auth-token": {"py": 'TWILIO_AUTH_TOKEN = "{v}"', "env": "TWILIO_AUTH_TOKEN={v}"},
    "mailgun": {"py": 'MAILGUN_API_KEY = "{v}"', "yaml": "mailgun_key: {v}"},
    "telegram": {"py": 'bot = telebot.TeleBot("{v}")', "env": "TELEGRAM_BOT_TOKEN={v}"},
    "jwt": {"py": 'headers = {{"Authorization": "Bearer {v}"}}', "sh": 'curl -H "Authorization: Bearer {v}" https://api.acme.io/me', "json": '  "access_token": "{v}",'},
    "private-key": {"pem": "{v}", "py": 'PRIVATE_KEY = """{v}"""'},
    "db-url-password": {"py": 'DATABASE_URL = "postgres://app:{v}@db.internal:5432/app"', "env": "DATABASE_URL=mysql://root:{v}@localhost/app", "yaml": "  url: redis://:{v}@cache:6379/0", "toml": 'url = "amqp://worker:{v}@rabbit:5672/"'},
    "generic-password": {"py": 'DB_PASSWORD = "{v}"', "yaml": "  password: {v}", "ini": "password = {v}", "env": "SMTP_PASSWORD={v}", "json": '  "password": "{v}",', "toml": 'password = "{v}"'},
    "generic-api-key": {"py": 'API_KEY = "{v}"', "yaml": "  api_key: {v}", "json": '  "apiKey": "{v}",', "env": "PAYMENT_API_KEY={v}"},
    "django-secret-key": {"py": 'SECRET_KEY = "{v}"'},
    "basic-auth-header": {"py": 'session.headers["Authorization"] = "Basic {v}"', "sh": 'curl -H "Authorization: Basic {v}" https://ci.acme.io'},
}

EXTENSIONS = {"py": ".py", "env": ".env", "yaml": ".yaml", "ini": ".cfg", "json": ".json", "toml": ".toml", "sh": ".sh", "md": ".md", "docker": "Dockerfile", "ipynb": ".ipynb", "npmrc": ".npmrc", "js": ".js", "pem": ".pem"}


def filler(planter, kind, lines):
    """Realistic non-secret lines for a file type, including the usual false-alarm bait."""
    r = planter.rand
    rnd = planter.rnd
    out = []
    for index in range(lines):
        choice = rnd.random()
        if kind == "py":
            pool = [
                f"def handler_{index}(request, *args, **kwargs):",
                f"    value = compute(request.GET.get('q{index}'), limit={rnd.randint(1, 500)})",
                f"    # see https://docs.acme.io/api/{r(string.ascii_lowercase, 8)}",
                "    return JsonResponse({'status': 'ok', 'count': len(items)})",
                f"    cache_key = f\"user:{{user.pk}}:{r(string.ascii_lowercase, 6)}\"",
                '    if token is None:\n        raise PermissionDenied("missing token")',
                '    token_type = "bearer"',
                '    password_field = "password"',
                f'    request_id = "{r(HEX, 8)}-{r(HEX, 4)}-4{r(HEX, 3)}-a{r(HEX, 3)}-{r(HEX, 12)}"',
                f'CHECKSUM_SHA256 = "{r(HEX, 64)}"',
                '    api_key = os.environ["API_KEY"]',
                "    db_password = settings.DATABASES['default']['PASSWORD']",
            ]
        elif kind in ("yaml", "json", "toml", "ini", "env"):
            pool = [
                f"  timeout: {rnd.randint(1, 60)}",
                f"  host: svc-{r(string.ascii_lowercase, 5)}.internal",
                "  enabled: true",
                f"  replicas: {rnd.randint(1, 9)}",
                f"  image_digest: sha256:{r(HEX, 64)}",
                "  password: ${DB_PASSWORD}",
                '  token: "{{ vault_token }}"',
                f"  commit: {r(HEX, 40)}",
                "  api_key: changeme",
            ] if kind != "env" else [
                "DEBUG=false",
                f"WORKERS={rnd.randint(1, 16)}",
                "LOG_LEVEL=info",
                "API_KEY=${API_KEY}",
                "SECRET_KEY=changeme",
                f"BUILD_SHA={r(HEX, 40)}",
            ]
        elif kind == "js":
            pool = [f"const v{index} = compute({rnd.randint(1, 99)});", "export default config;", f'const integrity = "sha384-{r(B64, 64)}";']
        elif kind in ("sh", "docker"):
            pool = [f"echo step {index}", f"RUN pip install acme=={rnd.randint(1, 9)}.{rnd.randint(0, 9)}" if kind == "docker" else f"make target-{index}", "export API_TOKEN=\"$CI_API_TOKEN\""]
        else:
            pool = [f"Paragraph {index} about configuring the service.", "Set `API_KEY` in your environment before running.", f"Build {r(HEX, 40)} was released."]
        # The first half of each pool is ordinary code or config; the rest is false-alarm
        # bait (hashes, UUIDs, placeholders, references), drawn one line in eight.
        half = max(1, len(pool) // 2)
        out.append(rnd.choice(pool[half:] if choice < 0.125 and len(pool) > 1 else pool[:half]))
    return out


def notebook(planter, code_lines):
    png = base64.b64encode(bytes(planter.rnd.getrandbits(8) for _ in range(3000))).decode()
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Analysis\n", "Loads the data and plots it.\n"]},
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": [line + "\n" for line in code_lines],
         "outputs": [{"output_type": "display_data", "data": {"image/png": png, "text/plain": ["<Figure>"]}, "metadata": {}}]},
    ]
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    planter = Planter(args.seed)
    tree = os.path.join(args.out, "tree")
    manifest = []
    kinds = list(PLACEMENTS)
    file_kinds = list(EXTENSIONS)
    planted = 0
    for number in range(args.files):
        file_kind = file_kinds[number % len(file_kinds)]
        kind = None
        # Plant a secret in one file in eight, cycling through the kinds and their placements.
        if number % 8 == 3:
            kind = kinds[planted % len(kinds)]
            placements = list(PLACEMENTS[kind])
            file_kind = placements[(planted // len(kinds)) % len(placements)]
            planted += 1
        directory = os.path.join(tree, f"pkg{number % 37}", f"mod{number % 11}")
        os.makedirs(directory, exist_ok=True)
        extension = EXTENSIONS[file_kind]
        name = f"{file_kind}_{number}{extension}" if extension.startswith(".") else f"{extension}.{number}"
        if file_kind == "env":
            name = f".env.{number}" if number % 2 else f"service_{number}.env"
        relative = os.path.relpath(os.path.join(directory, name), tree).replace(os.sep, "/")
        lines = filler(planter, "py" if file_kind == "ipynb" else file_kind, planter.rnd.randint(20, 120))
        lines = "\n".join(lines).split("\n")
        if kind is not None:
            value = planter.secret(kind)
            text = PLACEMENTS[kind][file_kind].format(v=value)
            at = planter.rnd.randint(0, len(lines))
            lines[at:at] = text.split("\n")
            value_lines = [i for i, line in enumerate(text.split("\n")) if any(part and part in line for part in value.split("\n"))]
            first = at + 1 + (value_lines[0] if value_lines else 0)
            last = at + 1 + (value_lines[-1] if value_lines else 0)
            if file_kind == "ipynb":
                # Notebooks are reported by cell line: the code cell starts at its line 1.
                first, last = at + 1, at + len(text.split("\n"))
            manifest.append({"path": relative, "first_line": first, "last_line": last, "kind": kind, "file_kind": file_kind})
            value_first_line = value.split("\n")[0]
        path = os.path.join(tree, relative)
        with open(path, "w", encoding="utf-8") as handle:
            if file_kind == "ipynb":
                raw = json.dumps(notebook(planter, lines), indent=1)
                handle.write(raw)
                if kind is not None:
                    # Tools that read the JSON as text report the line of the JSON file.
                    needle = json.dumps(value_first_line)[1:-1]
                    for line_number, raw_line in enumerate(raw.split("\n"), start=1):
                        if needle in raw_line:
                            manifest[-1]["raw_line"] = line_number
                            break
            else:
                handle.write("\n".join(lines) + "\n")
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=1)
    print(f"wrote {args.files} files with {len(manifest)} planted secrets to {tree}")


if __name__ == "__main__":
    main()
