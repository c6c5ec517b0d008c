-- Outer join so that items (and categories) without stock still count; WHERE filters rows
-- before grouping, HAVING filters the groups.
CREATE VIEW category_totals AS
SELECT i.category,
       count(DISTINCT i.item_id)              AS items,
       coalesce(sum(s.qty), 0)                AS units,
       coalesce(sum(s.qty * i.unit_price), 0) AS stock_value
FROM items i
LEFT JOIN stock_levels s ON s.item_id = i.item_id
GROUP BY i.category;

CREATE VIEW rich_depots AS
SELECT d.code AS depot, sum(s.qty * i.unit_price) AS stock_value
FROM depots d
JOIN stock_levels s ON s.depot_id = d.depot_id
JOIN items i ON i.item_id = s.item_id
GROUP BY d.code
HAVING sum(s.qty * i.unit_price) > 500000;

CREATE VIEW depots_to_restock AS
SELECT d.code AS depot, count(*) AS items_short
FROM depots d
JOIN stock_levels s ON s.depot_id = d.depot_id
WHERE s.qty < s.min_qty
GROUP BY d.code
HAVING count(*) >= 3;
