-- One transaction per order: debit, credit, log. When the debit of TO-2405-02 breaks the CHECK
-- constraint the transaction is aborted, the next statements are ignored and COMMIT rolls back.
BEGIN;
UPDATE stock SET qty = qty - 12 WHERE warehouse = 'SZ-DC1' AND part_no = 'SFP-10G-LR';
UPDATE stock SET qty = qty + 12 WHERE warehouse = 'GZ-POP3' AND part_no = 'SFP-10G-LR';
INSERT INTO stock_moves (order_no, part_no, from_wh, to_wh, qty)
VALUES ('TO-2405-01', 'SFP-10G-LR', 'SZ-DC1', 'GZ-POP3', 12);
COMMIT;

BEGIN;
UPDATE stock SET qty = qty - 40 WHERE warehouse = 'GZ-POP3' AND part_no = 'QSFP28-100G-SR4';
UPDATE stock SET qty = qty + 40 WHERE warehouse = 'BJ-CORE' AND part_no = 'QSFP28-100G-SR4';
INSERT INTO stock_moves (order_no, part_no, from_wh, to_wh, qty)
VALUES ('TO-2405-02', 'QSFP28-100G-SR4', 'GZ-POP3', 'BJ-CORE', 40);
COMMIT;

BEGIN;
UPDATE stock SET qty = qty - 6 WHERE warehouse = 'GZ-POP3' AND part_no = 'SFP-10G-LR';
UPDATE stock SET qty = qty + 6 WHERE warehouse = 'WH-EDGE' AND part_no = 'SFP-10G-LR';
INSERT INTO stock_moves (order_no, part_no, from_wh, to_wh, qty)
VALUES ('TO-2405-03', 'SFP-10G-LR', 'GZ-POP3', 'WH-EDGE', 6);
COMMIT;

BEGIN;
UPDATE stock SET qty = qty - 3 WHERE warehouse = 'BJ-CORE' AND part_no = 'PSU-600W-AC';
INSERT INTO stock (warehouse, part_no, qty) VALUES ('SZ-DC1', 'PSU-600W-AC', 3)
ON CONFLICT (warehouse, part_no) DO UPDATE SET qty = stock.qty + EXCLUDED.qty;
INSERT INTO stock_moves (order_no, part_no, from_wh, to_wh, qty)
VALUES ('TO-2405-04', 'PSU-600W-AC', 'BJ-CORE', 'SZ-DC1', 3);
COMMIT;
