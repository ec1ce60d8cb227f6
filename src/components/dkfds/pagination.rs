//! Page arithmetic of DKFDS pagination, apart from any view.

/// Number of pages for `total` rows (at least 1).
pub fn page_count(total: u64, page_size: u32) -> u32 {
    (total.div_ceil(u64::from(page_size.max(1))).max(1)).min(u64::from(u32::MAX)) as u32
}

/// The page buttons to show: `Some(n)` is page n, `None` an ellipsis. All
/// pages up to 7; otherwise first, last, and the neighbours of `current`.
pub fn page_items(current: u32, total: u32) -> Vec<Option<u32>> {
    if total <= 7 {
        return (1..=total).map(Some).collect();
    }
    let mut out = Vec::new();
    if current < 5 {
        out.extend((1..=5).map(Some));
        out.push(None);
        out.push(Some(total));
    } else if current + 4 > total {
        out.push(Some(1));
        out.push(None);
        out.extend((total - 4..=total).map(Some));
    } else {
        out.push(Some(1));
        out.push(None);
        out.extend([current - 1, current, current + 1].map(Some));
        out.push(None);
        out.push(Some(total));
    }
    out
}
