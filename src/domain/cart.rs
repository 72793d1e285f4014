//! A cart as the shopper sees it, and the rule for merging a guest cart into an account's cart.

use super::{Money, ProductId, Quantity};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub product_id: ProductId,
    pub slug: String,
    pub name: String,
    pub unit_price: Money,
    pub quantity: Quantity,
    pub stock: i64,
}

impl CartLine {
    pub fn line_total(&self) -> Money {
        self.unit_price
            .checked_times(u32::from(self.quantity.get()))
            .unwrap_or(Money::ZERO)
    }

    /// The largest quantity this line may hold right now.
    pub fn max_quantity(&self) -> u8 {
        max_for_stock(self.stock)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub lines: Vec<CartLine>,
}

impl Cart {
    pub fn item_count(&self) -> u32 {
        self.lines.iter().map(|l| u32::from(l.quantity.get())).sum()
    }

    pub fn total(&self) -> Money {
        self.lines.iter().fold(Money::ZERO, |acc, l| {
            acc.checked_add(l.line_total()).unwrap_or(acc)
        })
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

fn max_for_stock(stock: i64) -> u8 {
    stock.clamp(0, i64::from(Quantity::MAX)) as u8
}

/// The quantity a line has after a guest's quantity is merged into an account's existing one:
/// the sum, capped at the stock and at 99. A line the account already had is never reduced by a
/// merge, even if stock has since fallen below it (checkout reports that clearly).
pub fn merge_quantity(existing: u8, incoming: u8, stock: i64) -> u8 {
    let cap = max_for_stock(stock);
    let existing = existing.min(Quantity::MAX);
    let sum = existing.saturating_add(incoming).min(Quantity::MAX);
    sum.min(cap).max(existing)
}

/// One line of a merge preview: what the account's cart holds, what each guest cart brings, in the
/// order they will be merged, and what the account's cart will hold after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewLine {
    pub product_id: ProductId,
    pub name: String,
    pub saved: u8,
    pub incoming: Vec<u8>,
    pub after: u8,
}

/// What merging `guests` one after another into `saved` will give, by `merge_quantity`: the rule
/// the merge at login applies.
pub fn preview_merge(saved: &Cart, guests: &[&Cart]) -> Vec<PreviewLine> {
    let mut lines: Vec<PreviewLine> = saved
        .lines
        .iter()
        .map(|l| PreviewLine {
            product_id: l.product_id,
            name: l.name.clone(),
            saved: l.quantity.get(),
            incoming: vec![0; guests.len()],
            after: l.quantity.get(),
        })
        .collect();
    for (i, guest) in guests.iter().enumerate() {
        for line in &guest.lines {
            let at = match lines.iter().position(|p| p.product_id == line.product_id) {
                Some(at) => at,
                None => {
                    lines.push(PreviewLine {
                        product_id: line.product_id,
                        name: line.name.clone(),
                        saved: 0,
                        incoming: vec![0; guests.len()],
                        after: 0,
                    });
                    lines.len() - 1
                }
            };
            let p = &mut lines[at];
            p.incoming[i] = line.quantity.get();
            p.after = merge_quantity(p.after, line.quantity.get(), line.stock);
        }
    }
    lines
}

/// What a login did with the guest cart, line by line, so the page can say it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeReport {
    pub lines: Vec<MergedLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedLine {
    pub name: String,
    /// How many the guest cart held.
    pub from_guest: u8,
    /// How many the account's cart holds now.
    pub now: u8,
    /// How many the account's cart held before.
    pub before: u8,
}

impl MergedLine {
    pub fn capped(&self) -> bool {
        self.now < self.before.saturating_add(self.from_guest)
    }
}

impl MergeReport {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// One sentence for the page, e.g. "Merged your guest cart: 2 × Tea (now 3 in your cart)."
    pub fn summary(&self) -> Option<String> {
        if self.lines.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .lines
            .iter()
            .map(|l| {
                let mut s = format!("{} × {}", l.from_guest, l.name);
                if l.before > 0 || l.capped() {
                    s.push_str(&format!(" (now {} in your cart", l.now));
                    if l.capped() {
                        s.push_str(", limited by stock or the 99 maximum");
                    }
                    s.push(')');
                }
                s
            })
            .collect();
        Some(format!(
            "Merged your guest cart into your account: {}.",
            parts.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(qty: u8, price: i64, stock: i64) -> CartLine {
        CartLine {
            product_id: ProductId(1),
            slug: "x".into(),
            name: "X".into(),
            unit_price: Money::from_cents(price),
            quantity: Quantity::new(qty.into()).unwrap(),
            stock,
        }
    }

    #[test]
    fn merge_adds_quantities() {
        assert_eq!(merge_quantity(2, 3, 50), 5);
        assert_eq!(merge_quantity(0, 4, 50), 4);
    }

    #[test]
    fn merge_caps_at_stock_and_at_ninety_nine() {
        assert_eq!(merge_quantity(3, 4, 5), 5);
        assert_eq!(merge_quantity(60, 60, 1000), 99);
        assert_eq!(merge_quantity(250, 250, 1000), 99);
        assert_eq!(merge_quantity(0, 3, 0), 0);
    }

    #[test]
    fn merge_never_takes_away_what_the_account_already_had() {
        assert_eq!(merge_quantity(7, 2, 4), 7);
    }

    #[test]
    fn cart_totals_and_counts() {
        let cart = Cart {
            lines: vec![line(2, 1250, 10), line(1, 99, 10)],
        };
        assert_eq!(cart.item_count(), 3);
        assert_eq!(cart.total(), Money::from_cents(2599));
        assert_eq!(line(5, 100, 3).max_quantity(), 3);
        assert_eq!(line(5, 100, 500).max_quantity(), 99);
    }

    #[test]
    fn merge_report_says_what_was_merged_and_what_was_capped() {
        let report = MergeReport {
            lines: vec![
                MergedLine {
                    name: "Tea".into(),
                    from_guest: 2,
                    now: 2,
                    before: 0,
                },
                MergedLine {
                    name: "Key".into(),
                    from_guest: 3,
                    now: 4,
                    before: 2,
                },
            ],
        };
        let text = report.summary().unwrap();
        assert!(text.contains("2 × Tea"), "{text}");
        assert!(
            text.contains("3 × Key (now 4 in your cart, limited by stock"),
            "{text}"
        );
        assert_eq!(MergeReport::default().summary(), None);
    }

    fn cart(lines: &[(i64, u8, i64)]) -> Cart {
        Cart {
            lines: lines
                .iter()
                .map(|&(id, qty, stock)| CartLine {
                    product_id: ProductId(id),
                    name: format!("P{id}"),
                    ..line(qty, 100, stock)
                })
                .collect(),
        }
    }

    #[test]
    fn a_merge_preview_adds_each_guest_cart_in_turn_with_the_merge_rule() {
        let saved = cart(&[(1, 1, 50)]);
        let by_cookie = cart(&[(1, 2, 50), (2, 3, 4)]);
        let by_token = cart(&[(2, 3, 4), (3, 1, 50)]);
        let preview = preview_merge(&saved, &[&by_cookie, &by_token]);
        let got: Vec<(i64, u8, Vec<u8>, u8)> = preview
            .into_iter()
            .map(|p| (p.product_id.get(), p.saved, p.incoming, p.after))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, 1, vec![2, 0], 3),
                // 3 + 3 is capped at the stock of 4, as the real merge caps it.
                (2, 0, vec![3, 3], 4),
                (3, 0, vec![0, 1], 1),
            ]
        );
    }
}
