-- The same report with a pre-aggregated subquery per item instead of count(DISTINCT).
CREATE OR REPLACE VIEW category_totals (category, items, units, stock_value) AS
SELECT i.category, count(*), sum(coalesce(t.units, 0)), sum(coalesce(t.units, 0) * i.unit_price)
FROM items i
LEFT JOIN (SELECT item_id, sum(qty) AS units FROM stock_levels GROUP BY item_id) t
       ON t.item_id = i.item_id
GROUP BY i.category;

CREATE OR REPLACE VIEW rich_depots (depot, stock_value) AS
SELECT code, value
FROM (SELECT d.code, sum(s.qty * i.unit_price) AS value
      FROM depots d, stock_levels s, items i
      WHERE s.depot_id = d.depot_id AND i.item_id = s.item_id
      GROUP BY d.code) per_depot
WHERE value > 500000;

CREATE OR REPLACE VIEW depots_to_restock (depot, items_short) AS
SELECT d.code, count(*) FILTER (WHERE s.qty < s.min_qty)
FROM depots d
JOIN stock_levels s ON s.depot_id = d.depot_id
GROUP BY d.code
HAVING count(*) FILTER (WHERE s.qty < s.min_qty) >= 3;
