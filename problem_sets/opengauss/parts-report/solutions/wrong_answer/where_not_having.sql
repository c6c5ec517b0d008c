-- Inner joins lose the items nobody stocks (and the whole tool category); the value condition
-- is put on single stock rows in WHERE instead of on each depot's total in HAVING; and "at
-- least three" is written as more than three.
CREATE VIEW category_totals AS
SELECT i.category, count(DISTINCT i.item_id) AS items, sum(s.qty) AS units,
       sum(s.qty * i.unit_price) AS stock_value
FROM items i
JOIN stock_levels s ON s.item_id = i.item_id
GROUP BY i.category;

CREATE VIEW rich_depots AS
SELECT d.code AS depot, sum(s.qty * i.unit_price) AS stock_value
FROM depots d
JOIN stock_levels s ON s.depot_id = d.depot_id
JOIN items i ON i.item_id = s.item_id
WHERE s.qty * i.unit_price > 50000
GROUP BY d.code;

CREATE VIEW depots_to_restock AS
SELECT d.code AS depot, count(*) AS items_short
FROM depots d
JOIN stock_levels s ON s.depot_id = d.depot_id
WHERE s.qty < s.min_qty
GROUP BY d.code
HAVING count(*) > 3;
