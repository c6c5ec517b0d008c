-- Each order as a single statement (data-modifying CTEs): a statement is atomic by itself.
-- The debit only matches when there is enough stock, so the refused order changes nothing.
CREATE FUNCTION transfer(p_order text, p_part text, p_from text, p_to text, p_qty int)
RETURNS void LANGUAGE sql AS $$
    WITH debit AS (
        UPDATE stock SET qty = qty - p_qty
        WHERE warehouse = p_from AND part_no = p_part AND qty >= p_qty
        RETURNING part_no
    ), credit AS (
        INSERT INTO stock (warehouse, part_no, qty)
        SELECT p_to, part_no, p_qty FROM debit
        ON CONFLICT (warehouse, part_no) DO UPDATE SET qty = stock.qty + EXCLUDED.qty
        RETURNING part_no
    )
    INSERT INTO stock_moves (order_no, part_no, from_wh, to_wh, qty)
    SELECT p_order, part_no, p_from, p_to, p_qty FROM credit;
$$;
SELECT transfer('TO-2405-01', 'SFP-10G-LR', 'SZ-DC1', 'GZ-POP3', 12);
SELECT transfer('TO-2405-02', 'QSFP28-100G-SR4', 'GZ-POP3', 'BJ-CORE', 40);
SELECT transfer('TO-2405-03', 'SFP-10G-LR', 'GZ-POP3', 'WH-EDGE', 6);
SELECT transfer('TO-2405-04', 'PSU-600W-AC', 'BJ-CORE', 'SZ-DC1', 3);
