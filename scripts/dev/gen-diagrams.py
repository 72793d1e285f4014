#!/usr/bin/env python3
"""Draws the Learn section's sequence diagrams as plain SVG into public/diagrams/.

Run from the repository root after changing a flow: python3 scripts/dev/gen-diagrams.py
Narrow (480 wide) with large type, so they stay readable on a phone.
"""
from html import escape
from pathlib import Path

W = 480
LANES = {"Browser": 70, "Shop": 240, "Database": 410}
TOP, STEP = 70, 46

# (from, to, label, note?) — a note row spans the width in italics.
FLOWS = {
    "cookie-login": [
        ("Browser", "Shop", "POST /fn/login  email + password"),
        ("Shop", "Database", "check argon2id hash"),
        ("Shop", "Database", "store session record (new id)"),
        ("Shop", "Browser", "Set-Cookie: tokenshop_session=<id>; HttpOnly"),
        ("Browser", "Shop", "GET /cart  Cookie: tokenshop_session=<id>"),
        ("Shop", "Database", "load the record by id (every request)"),
        ("Shop", "Browser", "the cart page"),
        ("Browser", "Shop", "POST /fn/logout"),
        ("Shop", "Database", "delete the record"),
        (None, None, "the old id now finds nothing: refused at once"),
    ],
    "jwt-login-refresh": [
        ("Browser", "Shop", "POST /api/v1/auth/login"),
        ("Shop", "Database", "check hash; store refresh family + hash(R1)"),
        ("Shop", "Browser", "access JWT (5 min, signed) + refresh R1"),
        ("Browser", "Shop", "GET /api/v1/me  Authorization: Bearer <JWT>"),
        (None, None, "the shop checks the signature with its key: no lookup"),
        ("Shop", "Browser", "200 { email, … }"),
        ("Browser", "Shop", "POST /api/v1/auth/refresh  R1"),
        ("Shop", "Database", "mark R1 used; store hash(R2)"),
        ("Shop", "Browser", "new access JWT + R2"),
        (None, None, "R1 again: a replay; thief or client? so the family ends"),
    ],
    "jwt-logout": [
        ("Browser", "Shop", "POST /api/v1/auth/logout  Bearer <JWT>"),
        ("Shop", "Database", "revoke the refresh family"),
        ("Shop", "Browser", "200: refresh revoked"),
        ("Browser", "Shop", "GET /api/v1/me  Bearer <same JWT>"),
        (None, None, "signature still valid, exp not reached: accepted"),
        ("Shop", "Browser", "200 until exp"),
        ("Browser", "Shop", "POST /api/v1/auth/refresh  R"),
        ("Shop", "Browser", "401: the family is revoked"),
        ("Browser", "Shop", "logout with revoke_access: true"),
        ("Shop", "Database", "put the JWT's jti on the denylist"),
        (None, None, "now every request also looks up the denylist"),
    ],
}


def draw(name, steps):
    height = TOP + STEP * len(steps) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height}" width="{W}" height="{height}" '
        f'font-family="system-ui, sans-serif" font-size="15" role="img">',
        '<defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#1f2328"/></marker></defs>',
        f'<rect width="{W}" height="{height}" fill="#fffdf8"/>',
    ]
    for lane, x in LANES.items():
        out.append(f'<rect x="{x - 55}" y="12" width="110" height="32" rx="6" fill="#f6f1e9" stroke="#9b2226"/>')
        out.append(f'<text x="{x}" y="33" text-anchor="middle" font-weight="600">{lane}</text>')
        out.append(f'<line x1="{x}" y1="44" x2="{x}" y2="{height - 12}" stroke="#c9bfae" stroke-dasharray="4 4"/>')
    for i, (src, dst, label) in enumerate(steps):
        y = TOP + STEP * i
        if src is None:
            out.append(f'<text x="{W / 2}" y="{y + 18}" text-anchor="middle" font-style="italic" fill="#9b2226">{escape(label)}</text>')
            continue
        x1, x2 = LANES[src], LANES[dst]
        direction = 1 if x2 > x1 else -1
        out.append(f'<line x1="{x1}" y1="{y + 24}" x2="{x2 - 4 * direction}" y2="{y + 24}" stroke="#1f2328" '
                   f'stroke-width="1.6" marker-end="url(#a)"/>')
        # Above the arrow's middle, kept inside the picture (about 7 px a character at 13 px).
        half = len(label) * 3.6
        cx = min(max((x1 + x2) / 2, half + 4), W - half - 4)
        out.append(f'<text x="{cx:.0f}" y="{y + 16}" text-anchor="middle" font-size="13">{escape(label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n", height


if __name__ == "__main__":
    target = Path("public/diagrams")
    target.mkdir(parents=True, exist_ok=True)
    for name, steps in FLOWS.items():
        svg, height = draw(name, steps)
        (target / f"{name}.svg").write_text(svg)
        print(f"{name}.svg {W}x{height}")
