//! Orders: prices are snapshotted when the order is placed, so later price changes never alter them.

use super::{Money, OrderId};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: OrderId,
    pub created_at: i64,
    pub total: Money,
    pub item_count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub product_slug: String,
    pub product_name: String,
    pub unit_price: Money,
    pub quantity: i64,
}

impl OrderLine {
    pub fn line_total(&self) -> Money {
        u32::try_from(self.quantity)
            .ok()
            .and_then(|q| self.unit_price.checked_times(q))
            .unwrap_or(Money::ZERO)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub id: OrderId,
    pub created_at: i64,
    pub total: Money,
    pub lines: Vec<OrderLine>,
}

pub fn order_placed_message(order_id: OrderId) -> String {
    format!("Thank you! Order #{order_id} is placed.")
}
