#!/usr/bin/env python3
"""Generates the demo catalog: the seed migration and one SVG drawing per product.

Run from the repository root after editing the list below; both outputs are committed.
"""
import pathlib

CATEGORIES = [
    ("cookies", "Cookies"),
    ("tokens", "Tokens & Coins"),
    ("keys", "Keys & Locks"),
    ("stationery", "Signed & Sealed"),
    ("tea", "Refreshing Tea"),
]

# slug, name, category, price in cents, stock, colour, description
PRODUCTS = [
    ("chocolate-chip-cookie", "Chocolate Chip Cookie", "cookies", 350, 120, "#b5651d", "A chewy classic with dark chocolate chips. Unlike a session cookie, this one is meant to be eaten."),
    ("oatmeal-raisin-cookie", "Oatmeal Raisin Cookie", "cookies", 325, 80, "#c8a165", "Rolled oats, plump raisins and a hint of cinnamon."),
    ("double-chocolate-cookie", "Double Chocolate Cookie", "cookies", 395, 60, "#5b3a29", "Cocoa dough, chocolate chunks, a crackled top."),
    ("ginger-snap", "Ginger Snap", "cookies", 275, 150, "#d2913c", "Thin, crisp and sharp with ginger. Snaps like a well-formed HTTP header."),
    ("lucky-fortune-cookie", "Lucky Fortune Cookie", "cookies", 199, 1, "#e9c46a", "The very last one in the jar. Whoever checks out first gets the fortune."),
    ("brass-arcade-token", "Brass Arcade Token", "tokens", 150, 500, "#c9a227", "A heavy brass token for the claw machine. Bearer instrument: whoever holds it can play."),
    ("silver-transit-token", "Silver Transit Token", "tokens", 275, 300, "#a8a9ad", "One ride, any distance. Expires never, which is exactly the problem with some tokens."),
    ("wooden-game-token", "Wooden Game Token", "tokens", 95, 400, "#8b5a2b", "Hand-turned beech token for board games."),
    ("poker-chip-set", "Poker Chip Set", "tokens", 3499, 25, "#c0392b", "Two hundred clay chips in five colours with an aluminium case."),
    ("commemorative-coin", "Commemorative Coin", "tokens", 1250, 40, "#d4af37", "A struck medallion celebrating RFC 7519. Signed on both sides."),
    ("skeleton-key", "Skeleton Key", "keys", 899, 70, "#b08d57", "An antique-style brass key that opens nothing in particular, unlike a leaked signing key."),
    ("combination-padlock", "Combination Padlock", "keys", 1599, 45, "#2a9d8f", "Four dials, ten thousand combinations, no key to lose."),
    ("keyring-organiser", "Keyring Organiser", "keys", 1299, 90, "#264653", "Keeps your keys rotated and in order."),
    ("key-cabinet", "Wall Key Cabinet", "keys", 4999, 12, "#6d597a", "A lockable cabinet with twenty hooks. A JWKS for your hallway."),
    ("bike-lock", "Folding Bike Lock", "keys", 3999, 30, "#e76f51", "Hardened steel links that fold into a holster."),
    ("wax-seal-kit", "Wax Seal Kit", "stationery", 2199, 35, "#9b2226", "A brass stamp and red wax: the original tamper-evident signature."),
    ("signature-notebook", "Signature Notebook", "stationery", 1450, 110, "#1d3557", "Dot-grid notebook with a numbered, signed page for every claim you make."),
    ("fountain-pen", "Fountain Pen", "stationery", 2899, 50, "#343a40", "Steel nib, piston filler, signs cheques and JWTs alike."),
    ("envelope-set", "Security Envelope Set", "stationery", 650, 200, "#457b9d", "Fifty envelopes with a tint pattern so nobody reads through them."),
    ("rubber-stamp", "Approved Rubber Stamp", "stationery", 799, 140, "#588157", "A self-inking APPROVED stamp. Use only after verification."),
    ("refresh-green-tea", "Refresh Green Tea", "tea", 899, 160, "#6a994e", "Sencha that rotates your energy every fifteen minutes."),
    ("earl-grey", "Earl Grey", "tea", 799, 130, "#7f5539", "Black tea with bergamot, strong enough for a long-lived session."),
    ("chamomile", "Chamomile", "tea", 699, 90, "#f4d35e", "Calming flowers for when your access token expires mid-checkout."),
    ("moroccan-mint", "Moroccan Mint", "tea", 749, 100, "#2d6a4f", "Gunpowder green tea with fresh spearmint."),
    ("oolong", "Milky Oolong", "tea", 1199, 55, "#bc6c25", "Half-oxidised, naturally creamy. Idle timeout: none."),
]


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def svg(slug, name, category, colour):
    title = f"<title>{name}</title>"
    if category == "cookies":
        chips = "".join(
            f'<circle cx="{x}" cy="{y}" r="7" fill="#3b2414"/>'
            for x, y in [(80, 85), (120, 70), (140, 115), (95, 130), (115, 100), (70, 115)]
        )
        body = f'<circle cx="110" cy="100" r="62" fill="{colour}" stroke="#00000033" stroke-width="4"/>{chips}'
    elif category == "tokens":
        body = (
            f'<circle cx="110" cy="100" r="64" fill="{colour}" stroke="#00000044" stroke-width="5"/>'
            f'<circle cx="110" cy="100" r="48" fill="none" stroke="#ffffffaa" stroke-width="3" stroke-dasharray="6 5"/>'
            f'<text x="110" y="116" font-family="Georgia, serif" font-size="46" text-anchor="middle" fill="#ffffffdd">{name[0]}</text>'
        )
    elif category == "keys":
        body = (
            f'<circle cx="70" cy="100" r="32" fill="none" stroke="{colour}" stroke-width="14"/>'
            f'<rect x="100" y="93" width="90" height="14" rx="4" fill="{colour}"/>'
            f'<rect x="160" y="107" width="10" height="22" fill="{colour}"/><rect x="178" y="107" width="10" height="16" fill="{colour}"/>'
        )
    elif category == "stationery":
        body = (
            f'<rect x="55" y="40" width="110" height="130" rx="8" fill="{colour}"/>'
            f'<rect x="68" y="58" width="84" height="10" rx="3" fill="#ffffff88"/>'
            f'<rect x="68" y="78" width="60" height="8" rx="3" fill="#ffffff66"/>'
            f'<circle cx="140" cy="145" r="18" fill="#9b2226" stroke="#ffffffaa" stroke-width="3"/>'
        )
    else:
        body = (
            f'<path d="M60 80 h100 v50 a40 40 0 0 1 -40 40 h-20 a40 40 0 0 1 -40 -40 z" fill="{colour}"/>'
            f'<path d="M160 95 a18 18 0 0 1 0 36" fill="none" stroke="{colour}" stroke-width="9"/>'
            f'<path d="M85 65 q-8 -14 0 -26 M110 65 q-8 -14 0 -26 M135 65 q-8 -14 0 -26" fill="none" stroke="#8d99ae" stroke-width="5" stroke-linecap="round"/>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 220 200" width="220" height="200" role="img">{title}'
        f'<rect width="220" height="200" rx="16" fill="#f6f1e9"/>{body}</svg>\n'
    )


def main():
    root = pathlib.Path(__file__).resolve().parents[2]
    images = root / "public" / "images" / "products"
    images.mkdir(parents=True, exist_ok=True)
    lines = ["-- Demo catalog. Generated by scripts/dev/gen-catalog.py; edit the script, not this file.", ""]
    lines.append("INSERT INTO categories (id, slug, name, position) VALUES")
    lines.append(",\n".join(f"  ({i + 1}, {sql_str(s)}, {sql_str(n)}, {i + 1})" for i, (s, n) in enumerate(CATEGORIES)) + ";")
    lines.append("")
    cat_id = {s: i + 1 for i, (s, _) in enumerate(CATEGORIES)}
    lines.append("INSERT INTO products (id, category_id, slug, name, description, price_cents, stock) VALUES")
    rows = []
    for i, (slug, name, cat, price, stock, colour, desc) in enumerate(PRODUCTS):
        rows.append(f"  ({i + 1}, {cat_id[cat]}, {sql_str(slug)}, {sql_str(name)}, {sql_str(desc)}, {price}, {stock})")
        (images / f"{slug}.svg").write_text(svg(slug, name, cat, colour))
    lines.append(",\n".join(rows) + ";")
    # The same seed for both databases: it uses only SQL they share.
    for backend in ("sqlite", "postgres"):
        (root / "migrations" / backend / "20261125000002_seed_catalog.sql").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
